package dev.deploydiagnostics.core.report;

import dev.deploydiagnostics.api.RenderOptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MarkdownRendererTest {
    private final MarkdownRenderer renderer = new MarkdownRenderer();

    @Test
    void opensWithTheHeadlineThenTheRootCauseWithItsConfidence() {
        String md = ReportFixtures.render(renderer, ReportFixtures.sample());
        assertThat(md).startsWith("## 🔴 Container app was OOMKilled at 512Mi \\[oom-killed, 93%\\]\n");
        assertThat(md).contains("### Root cause: Out of memory — 93% confidence")
                .contains("(`k8s.oom-killed`)");
        assertThat(md.indexOf("#### Evidence")).isLessThan(md.indexOf("#### Fix: Raise the limit"));
    }

    @Test
    void quotesEvidenceLinesWithTheirSource() {
        String md = ReportFixtures.render(renderer, ReportFixtures.sample());
        assertThat(md).contains("> `log` java.lang.OutOfMemoryError: Java heap space\n")
                .contains("> <sub>pod/shop/api/app · 2024-06-02 08:09:44 UTC</sub>");
    }

    @Test
    void putsTheConfigExampleInAFencedBlockWithItsLanguage() {
        String md = ReportFixtures.render(renderer, ReportFixtures.sample());
        assertThat(md).contains("1. Edit resources.limits.memory\n").contains("```yaml\nmemory: 1Gi\n```\n");
    }

    @Test
    void usesALongerFenceWhenTheExampleHoldsBackticks() {
        String md = ReportFixtures.render(renderer, ReportFixtures.nasty());
        assertThat(md).contains("````yaml\ncommand: [\"java\"]\n# ``` inside\n").contains("app.jar\"]\n````\n");
    }

    @Test
    void escapesMarkdownAndHtmlInEvidence() {
        String md = ReportFixtures.render(renderer, ReportFixtures.nasty());
        assertThat(md).doesNotContain("<script>").doesNotContain("**not bold**").doesNotContain("[link](http");
        assertThat(md).contains("&lt;script&gt;alert('x')&lt;/script&gt; \\*\\*not bold\\*\\* \\| pipe, \"quoted\" &amp; \\`tick\\` \\[link\\](http://x)");
        assertThat(md).contains("App crashed with exit 1 &amp; &lt;angle&gt; brackets");
    }

    @Test
    void foldsTheTimelineAndRawDataIntoDetails() {
        String md = ReportFixtures.render(renderer, ReportFixtures.sample());
        assertThat(md).contains("<details><summary>Timeline (3 entries, first failure at #0)</summary>\n\n| # |")
                .contains("**(first failure)**")
                .contains("<details><summary>Raw data</summary>")
                .contains("**Not collected**")
                .contains("events in namespace shop: 403 Forbidden (grant: `list events (core/v1) in namespace shop`)")
                .contains("**Providers**");
        assertThat(md.indexOf("<summary>Timeline")).isGreaterThan(md.indexOf("#### Fix"));
    }

    @Test
    void escapesListMarkersAtTheStartOfALine() {
        assertThat(MarkdownRenderer.escape("- not a list")).isEqualTo("\\- not a list");
        assertThat(MarkdownRenderer.escape("12. not a list")).isEqualTo("12\\. not a list");
        assertThat(MarkdownRenderer.escape("a - b. c")).isEqualTo("a - b. c");
    }

    @Test
    void keepsTableRowsIntactWhenTextHoldsPipes() {
        String md = ReportFixtures.render(renderer, ReportFixtures.nasty());
        String row = md.lines().filter(l -> l.startsWith("| ") && l.contains("script")).findFirst().orElseThrow();
        assertThat(row.replace("\\|", "").chars().filter(c -> c == '|').count()).isEqualTo(6);
    }

    @Test
    void listsOtherCandidatesAndSignalsWhenInconclusive() {
        String md = ReportFixtures.render(renderer, ReportFixtures.inconclusive(), new RenderOptions(false, true, 5));
        assertThat(md).startsWith("## 🟡 Inconclusive").contains("### Strongest candidate: Other")
                .contains("### Notable signals").contains("> `log` something odd happened");
    }
}
