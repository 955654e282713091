package dev.deploydiagnostics.core.pattern;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Keeps {@code docs/patterns.md} equal to what the catalog generates. */
class PatternCatalogDocsTest {
    static final String REGENERATE = "./mvnw -B -pl diagnostics-core -am verify -Dtest=PatternCatalogDocsTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false -Dpatterns.docs.update=true";

    static Path docsFile() {
        // Surefire runs in the module directory; the page lives in the repository's docs folder.
        Path module = Path.of("").toAbsolutePath();
        return module.resolveSibling("docs").resolve("patterns.md");
    }

    @Test
    void patternsPageMatchesTheCatalog() throws IOException {
        String expected = PatternCatalogDocs.markdown(BuiltInCatalogTest.allBuiltIn());
        Path file = docsFile();
        if (Boolean.getBoolean("patterns.docs.update")) {
            Files.writeString(file, expected, StandardCharsets.UTF_8);
        }
        assertThat(Files.isRegularFile(file)).as("%s exists; create it with: %s", file, REGENERATE).isTrue();
        String actual = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(actual.equals(expected))
                .as("%s is out of date with the catalog; regenerate it with: %s", file, REGENERATE).isTrue();
    }

    @Test
    void pageListsEveryPatternWithCategoryAndRemedy() {
        String md = PatternCatalogDocs.markdown(BuiltInCatalogTest.allBuiltIn());

        BuiltInCatalogTest.allBuiltIn().forEach(p -> {
            assertThat(md).contains("### `" + p.id() + "`");
            assertThat(md).contains(p.remedyTitle());
        });
        assertThat(md).contains("- Category: `oom-killed`").contains("- Platforms: `aws-lambda`");
    }
}
