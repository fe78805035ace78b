package io.jrun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jrun.spec.DefaultSpec;
import io.jrun.spec.Spec;
import io.jrun.spec.SpecParser;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class AotTrainingTest {
    @Test
    void theTrainingConfigIsTheDefaultSpecWithoutATerminal() throws IOException {
        Spec expected = DefaultSpec.create();
        expected = expected.withProcess(expected.process().withTerminal(false));
        assertEquals(expected, SpecParser.parse(AotTraining.config()));
    }
}
