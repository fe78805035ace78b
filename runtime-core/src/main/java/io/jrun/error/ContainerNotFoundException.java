package io.jrun.error;

/** No container with that id under the state root. The wording is matched by containerd. */
public final class ContainerNotFoundException extends JrunException {
    public ContainerNotFoundException(String id) {
        super("container does not exist");
    }
}
