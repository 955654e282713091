package dev.deploydiagnostics.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploydiagnostics.api.Severity;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;

class LogsReaderSeverityTest {

    @Property
    void severityOfAnyLineIsDefined(@ForAll @StringLength(max = 400) String line) {
        assertThat(LogsReader.severityOf(line)).isNotNull();
    }

    @Property
    void aLambdaTimeoutLineIsAnErrorWhateverSurroundsIt(@ForAll @StringLength(max = 100) String before,
                                                       @ForAll @StringLength(max = 100) String after) {
        assertThat(LogsReader.severityOf(before + "Task timed out after 3.00 seconds" + after))
                .isEqualTo(Severity.ERROR);
    }

    @Property
    void aLevelWordNearTheStartSetsTheLevel(@ForAll("levels") String level, @ForAll @StringLength(max = 50) String rest) {
        String clean = rest.replaceAll("[A-Za-z_]", " ");
        assertThat(LogsReader.severityOf("2026-11-25 13:00:00 " + level + " " + clean))
                .isEqualTo(Severity.parse(level));
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> levels() {
        return net.jqwik.api.Arbitraries.of("ERROR", "WARN", "INFO", "DEBUG", "FATAL");
    }
}
