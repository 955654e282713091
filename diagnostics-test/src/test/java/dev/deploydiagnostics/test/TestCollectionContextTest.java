package dev.deploydiagnostics.test;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class TestCollectionContextTest {
    private static final Instant NOW = Instant.parse("2026-11-25T10:30:00Z");
    private static final Clock FIXED = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void aFixedClockKeepsTheWholeTimeoutAndNowStandsStill() {
        TestCollectionContext context = TestCollectionContext.withTimeout(Duration.ofSeconds(30)).withClock(FIXED);

        assertThat(context.clock().instant()).isEqualTo(NOW);
        assertThat(context.deadline()).isEqualTo(NOW.plusSeconds(30));
        assertThat(context.remaining()).isEqualTo(Duration.ofSeconds(30));
        assertThat(context.isExpired()).isFalse();
    }

    @Test
    void theDeadlineMovesWithEachNewClock() {
        Clock later = Clock.fixed(NOW.plusSeconds(3600), ZoneOffset.UTC);
        TestCollectionContext context = TestCollectionContext.withTimeout(Duration.ofSeconds(30))
                .withClock(FIXED).withClock(later);

        assertThat(context.deadline()).isEqualTo(NOW.plusSeconds(3600 + 30));
    }

    @Test
    void aTimeoutThatHasAlreadyPassedStaysPassedOnAFixedClock() {
        TestCollectionContext context = TestCollectionContext.withTimeout(Duration.ofSeconds(-1)).withClock(FIXED);

        assertThat(context.deadline()).isEqualTo(NOW.minusSeconds(1));
        assertThat(context.isExpired()).isTrue();
        assertThat(context.remaining()).isZero();
    }

    @Test
    void anAbsoluteDeadlineIsReadAgainstTheClock() {
        TestCollectionContext base = TestCollectionContext.withTimeout(Duration.ofSeconds(30)).withClock(FIXED);

        assertThat(base.withDeadline(NOW.plusMillis(400)).remaining()).isEqualTo(Duration.ofMillis(400));
        assertThat(base.withDeadline(NOW).isExpired()).isTrue();
        assertThat(base.deadline()).as("the original is unchanged").isEqualTo(NOW.plusSeconds(30));
    }

    @Test
    void withSettingAddsOneSettingAndReplacesOneOfTheSameKey() {
        TestCollectionContext base = TestCollectionContext.withTimeout(Duration.ofSeconds(30))
                .withSettings(Map.of("region", "eu-west-1"));
        TestCollectionContext context = base.withSetting("maxAttempts", "1").withSetting("region", "us-east-1");

        assertThat(context.settings()).containsOnly(entry("region", "us-east-1"), entry("maxAttempts", "1"));
        assertThat(context.setting("maxAttempts")).contains("1");
        assertThat(base.settings()).containsOnly(entry("region", "eu-west-1"));
    }

    @Test
    void copiesKeepTheClockLimitsAndComponents() {
        TestCollectionContext context = TestCollectionContext.withTimeout(Duration.ofSeconds(30)).withClock(FIXED)
                .withLogLineLimit(3).withComponent(CharSequence.class, "shared")
                .withSetting("maxAttempts", "1").withDeadline(NOW.plusSeconds(5));

        assertThat(context.clock()).isSameAs(FIXED);
        assertThat(context.logLineLimit()).isEqualTo(3);
        assertThat(context.component(CharSequence.class)).contains("shared");
        assertThat(context.deadline()).isEqualTo(NOW.plusSeconds(5));
    }
}
