package dev.deploydiagnostics.core.pattern;

import dev.deploydiagnostics.api.Category;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.LogLine;
import dev.deploydiagnostics.api.MatchContext;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class MatchTextTest {

    @Test
    void undoesJsonEscapesAndOddCharacters() {
        assertThat(MatchText.of("secret \\\"db-creds\\\" not found\\n")).isEqualTo("secret \"db-creds\" not found ");
        assertThat(MatchText.of("it\\u0027s \\u201cquoted\\u201d")).isEqualTo("it's \"quoted\"");
        assertThat(MatchText.of("Back-off\u00a0pulling  image\t\u2018web:1\u2019")).isEqualTo("Back-off pulling image 'web:1'");
        assertThat(MatchText.of("C:\\\\temp")).isEqualTo("C:\\temp");
        assertThat(MatchText.of("zero\u200bwidth")).isEqualTo("zerowidth");
        assertThat(MatchText.of("message: 'unable to clone ''https://git.example.com/app'', error: auth'"))
                .isEqualTo("message: 'unable to clone 'https://git.example.com/app', error: auth'");
        assertThat(MatchText.of("ends with a backslash \\")).isEqualTo("ends with a backslash \\");
        assertThat(MatchText.of("\\u00zz stays")).isEqualTo("\\u00zz stays");
    }

    @Test
    void plainTextIsReturnedAsItIs() {
        String plain = "Back-off restarting failed container web in pod web-1";
        assertThat(MatchText.of(plain)).isSameAs(plain);
    }

    @Property(tries = 500)
    void normalisedTextHasNoOddSpacesOrQuotes(@ForAll String text) {
        String n = MatchText.of(text);
        assertThat(n).doesNotContain("\t", "  ", "\u2019", "\u201c", "\u00a0", "\u200b");
    }

    @Test
    void quotesInAPatternMatchAnyQuoteOrNone() {
        SafeRegex r = SafeRegex.compile("secret \"(?<name>[^\"]+)\" not found");
        assertThat(r.match("secret db-creds not found")).contains(java.util.Map.of("name", "db-creds"));
        assertThat(r.match("secret 'db-creds' not found").orElseThrow().get("name")).startsWith("db-creds");
        assertThat(r.find("secret \"db-creds\" not found")).isTrue();
        // a quote inside a character class keeps its meaning
        assertThat(MatchText.quoteTolerant("[^\"']+")).isEqualTo("[^\"']+");
        assertThat(MatchText.quoteTolerant("a\\\"b")).isEqualTo("a[\"']?b");
    }

    @Test
    void aSameLineNegativeQuietsOnlyTheLinesItMatches() {
        DeclarativePattern p = new DeclarativePattern("test.throttled", Category.RATE_LIMITED_OR_THROTTLED, "Throttled", "d", "e",
                Set.of(), List.of(new Indicator.Text(Indicator.Scope.ANY, SafeRegex.compile("Rate exceeded"), 0.8, true)),
                List.of(new Indicator.Text(Indicator.Scope.ANY, SafeRegex.compile("retrying"), 0.9, true)), List.of(true),
                List.of(), Set.of(), "test");
        MatchContext ctx = new MatchContext(DiagnosticRequest.builder().build(), Optional.empty(), Instant.EPOCH);
        double retried = p.match(EvidenceBundle.of(List.of(LogLine.of("app", "Rate exceeded, retrying in 2s"))), ctx)
                .get(0).confidence();
        double failed = p.match(EvidenceBundle.of(List.of(LogLine.of("app", "Rate exceeded, retrying in 2s"),
                LogLine.of("app", "giving up: Rate exceeded"))), ctx).get(0).confidence();
        assertThat(retried).isLessThan(0.1);
        assertThat(failed).isEqualTo(0.8, org.assertj.core.data.Offset.offset(1e-9));
    }
}
