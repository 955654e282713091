package dev.deploydiagnostics.core.pattern;

import dev.deploydiagnostics.api.Category;
import dev.deploydiagnostics.api.Finding;
import dev.deploydiagnostics.api.LogLine;
import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.core.pattern.builtin.LambdaMemoryReportPattern;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LambdaMemoryReportPatternTest {
    private static final String SOURCE = "/aws/lambda/checkout";

    static LogLine report(int size, int used) {
        return LogLine.of(SOURCE, "REPORT RequestId: fa60295b-85a2-495a-a7e2-da5c85a5eb1e\tDuration: 19266.38 ms\tBilled Duration:"
                + " 19267 ms\tMemory Size: " + size + " MB\tMax Memory Used: " + used + " MB\t");
    }

    @Test
    void memoryAtTheLimitIsAnOomKillQuotingBothNumbers() {
        List<Finding> found = Analysis.findings(Platform.AWS_LAMBDA, report(2688, 2581),
                LogLine.of(SOURCE, "RequestId: 7102 Error: Runtime exited with error: signal: killed"));

        Finding f = found.get(0);
        assertThat(f.patternId()).isEqualTo(LambdaMemoryReportPattern.ID);
        assertThat(f.category()).isEqualTo(Category.OOM_KILLED);
        assertThat(f.confidence()).isBetween(0.85, 0.95);
        assertThat(f.evidence()).hasSize(2);
        assertThat(f.remedies().get(0).title()).contains("2688 MB");
        assertThat(Analysis.remedyText(f)).contains("2581 MB").contains("--memory-size 4032");
    }

    @Test
    void theReportAloneIsALeadBelowTheThreshold() {
        // a successful invocation may fill its memory, and sam local reports the memory size as used
        Finding f = Analysis.top(Platform.AWS_LAMBDA, report(128, 128),
                LogLine.of(SOURCE, "END RequestId: 4f951f7c-0bc2-41b1-9ff2-8d8e6c8aecbf"));

        assertThat(f.patternId()).isEqualTo(LambdaMemoryReportPattern.ID);
        assertThat(f.confidence()).isLessThan(0.5);
        assertThat(f.confidence()).isLessThan(Analysis.top(Platform.AWS_LAMBDA, report(1024, 1024),
                LogLine.of(SOURCE, "RequestId: 7102 Error: Runtime exited with error: signal: killed")).confidence());
    }

    @Test
    void theOutOfMemoryErrorTypeOnTheReportLineItselfIsDecisive() {
        LogLine report = LogLine.of(SOURCE, "REPORT RequestId: 9a1c\tDuration: 1200.00 ms\tBilled Duration: 1200 ms\t"
                + "Memory Size: 512 MB\tMax Memory Used: 512 MB\tStatus: error\tError Type: Runtime.OutOfMemory");

        Finding f = Analysis.top(Platform.AWS_LAMBDA, report);

        assertThat(f.patternId()).isEqualTo(LambdaMemoryReportPattern.ID);
        assertThat(f.confidence()).isGreaterThanOrEqualTo(0.5);
        assertThat(f.evidence()).hasSize(1);
    }

    @Test
    void memoryWellBelowTheLimitIsNoFinding() {
        List<Finding> found = Analysis.findings(Platform.AWS_LAMBDA, report(2048, 900), report(2048, 1100));

        assertThat(found).noneMatch(f -> f.patternId().equals(LambdaMemoryReportPattern.ID));
    }

    @Test
    void theWorstInvocationIsCited() {
        Finding f = Analysis.top(Platform.AWS_LAMBDA, report(512, 200), report(512, 505), report(512, 300));

        assertThat(f.title()).contains("505 MB of its 512 MB");
    }

    @Test
    void otherPlatformsAreLeftAlone() {
        assertThat(Analysis.findings(Platform.AWS_ECS, report(512, 512)))
                .noneMatch(f -> f.patternId().equals(LambdaMemoryReportPattern.ID));
    }
}
