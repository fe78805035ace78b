package io.jrun.error;

public final class ContainerExistsException extends JrunException {
    public ContainerExistsException(String id) {
        super("container with given ID already exists");
    }
}
