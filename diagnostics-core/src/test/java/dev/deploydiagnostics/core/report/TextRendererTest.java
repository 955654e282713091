package dev.deploydiagnostics.core.report;

import dev.deploydiagnostics.api.RenderOptions;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class TextRendererTest {

    private static String render(RenderOptions options) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new TextRenderer().render(JsonRendererTest.sampleReport(), out, options);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void startsWithTheVerdictAndAParagraphThenEvidenceFixAndTimeline() throws Exception {
        String text = render(RenderOptions.DEFAULT);
        assertThat(text).startsWith(" ROOT CAUSE   Container app was OOMKilled at 512Mi [oom-killed, 93%]");
        assertThat(text.indexOf("Evidence")).isLessThan(text.indexOf("Fix: Raise the limit"));
        assertThat(text.indexOf("Fix: Raise the limit")).isLessThan(text.indexOf("Timeline"));
        assertThat(text).contains("1. Edit resources.limits.memory").contains("memory: 1Gi")
                .contains("Not collected").contains("grant: list events (core/v1) in namespace shop");
    }

    @Test
    void usesColourOnlyWhenAsked() throws Exception {
        assertThat(render(RenderOptions.DEFAULT)).doesNotContain("\u001b[");
        assertThat(render(new RenderOptions(true, false, 5))).contains("\u001b[");
    }
}
