package io.shoebox.logging.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.osgi.service.log.LogLevel;

class FrameworkEventsTest {

    @Test
    void bundleAndServiceEventsAreRoutineUpToInfo() {
        assertThat(FrameworkEvents.isRoutine("Events.Bundle.io.shoebox.rest", LogLevel.INFO, Threshold.INFO)).isTrue();
        assertThat(FrameworkEvents.isRoutine("Events.Service.org.apache.felix.scr", LogLevel.INFO, Threshold.WARN))
                .isTrue();
    }

    @Test
    void areWrittenAtDebugAndTrace() {
        assertThat(FrameworkEvents.isRoutine("Events.Bundle.io.shoebox.rest", LogLevel.INFO, Threshold.DEBUG))
                .isFalse();
        assertThat(FrameworkEvents.isRoutine("Events.Service.x", LogLevel.DEBUG, Threshold.TRACE)).isFalse();
    }

    @Test
    void frameworkEventsErrorsAndOrdinaryLoggersAreNeverRoutine() {
        assertThat(FrameworkEvents.isRoutine("Events.Framework.org.apache.felix.framework", LogLevel.INFO,
                Threshold.INFO)).isFalse();
        assertThat(FrameworkEvents.isRoutine("Events.Bundle.x", LogLevel.ERROR, Threshold.INFO)).isFalse();
        assertThat(FrameworkEvents.isRoutine("io.shoebox.engine.Jobs", LogLevel.INFO, Threshold.INFO)).isFalse();
        assertThat(FrameworkEvents.isRoutine(null, LogLevel.INFO, Threshold.INFO)).isFalse();
    }
}
