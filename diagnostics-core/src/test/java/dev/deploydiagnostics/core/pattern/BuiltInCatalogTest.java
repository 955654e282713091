package dev.deploydiagnostics.core.pattern;

import dev.deploydiagnostics.api.Category;
import dev.deploydiagnostics.api.FailurePattern;
import dev.deploydiagnostics.api.Finding;
import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.core.pattern.builtin.BuiltInPatterns;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class BuiltInCatalogTest {
    private static final List<DeclarativePattern> CATALOG = new CatalogLoader().loadBuiltIn();

    static List<FailurePattern> allBuiltIn() {
        List<FailurePattern> all = new ArrayList<>(CATALOG);
        all.addAll(BuiltInPatterns.all());
        return all;
    }

    @Test
    void everyCatalogFileInTheIndexLoads() throws Exception {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("dev/deploydiagnostics/core/catalog/index.txt")) {
            List<String> files = new String(in.readAllBytes()).lines().map(String::trim)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
            assertThat(files).contains("kubernetes.yaml", "ecs.yaml", "lambda.yaml", "eks.yaml", "cloud-run.yaml",
                    "gke.yaml", "azure.yaml", "generic.yaml");
            Set<String> origins = CATALOG.stream().map(DeclarativePattern::origin).collect(Collectors.toSet());
            assertThat(origins).containsExactlyInAnyOrderElementsOf(files.stream().map(f -> "builtin:" + f).toList());
        }
    }

    @Test
    void catalogHasAtLeastSixtyPatternsWithUniqueKebabCaseIds() {
        List<FailurePattern> all = allBuiltIn();
        assertThat(all).hasSizeGreaterThanOrEqualTo(60);
        Set<String> ids = new HashSet<>();
        for (FailurePattern p : all) {
            assertThat(Finding.PATTERN_ID.matcher(p.id()).matches()).as("id %s is dotted kebab-case", p.id()).isTrue();
            assertThat(ids.add(p.id())).as("id %s is unique", p.id()).isTrue();
        }
    }

    @Test
    void everyCategoryHasAtLeastTwoPatterns() {
        Map<Category, Integer> counts = new EnumMap<>(Category.class);
        allBuiltIn().forEach(p -> counts.merge(p.category(), 1, Integer::sum));
        for (Category c : Category.values()) {
            assertThat(counts.getOrDefault(c, 0)).as("patterns for %s", c.id()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void everyPatternHasARemedyWithStepsConfigAndHttpsDocs() {
        for (DeclarativePattern p : CATALOG) {
            assertThat(p.remedyTemplates()).as("remedies of %s", p.id()).isNotEmpty();
            boolean complete = p.remedyTemplates().stream().anyMatch(r -> !r.steps().isEmpty()
                    && r.configContent().filter(c -> !c.isBlank()).isPresent()
                    && r.documentation().filter(d -> d.startsWith("https://")).isPresent());
            assertThat(complete).as("%s has a remedy with steps, a config example and an https docs link", p.id()).isTrue();
            assertThat(p.description()).as("description of %s", p.id()).isNotBlank();
            assertThat(p.remedyTemplates().get(0).configFormat()).as("config format of %s", p.id()).isPresent();
        }
    }

    @Test
    void everyPlaceholderHasAFallback() {
        for (DeclarativePattern p : CATALOG) {
            List<String> texts = new ArrayList<>(List.of(p.titleTemplate()));
            assertThat(java.util.regex.Pattern.compile("[A-Za-z]\\{[a-zA-Z]").matcher(p.titleTemplate()).find())
                    .as("%s: placeholder glued to a word in its title", p.id()).isFalse();
            p.remedyTemplates().forEach(r -> {
                texts.add(r.title());
                texts.addAll(r.steps());
                r.configContent().ifPresent(texts::add);
            });
            for (String text : texts) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{([a-zA-Z][a-zA-Z0-9.]*)}").matcher(text);
                assertThat(m.find()).as("%s: placeholder without fallback in '%s'", p.id(), text).isFalse();
                assertThat(java.util.regex.Pattern.compile("\\{[a-zA-Z][a-zA-Z0-9.]*\\|\\s*}").matcher(text).find())
                        .as("%s: empty fallback in '%s' leaves a gap in the sentence", p.id(), text).isFalse();
            }
        }
    }

    @Test
    void everyOutrankedIdNamesABuiltInPattern() {
        Set<String> ids = allBuiltIn().stream().map(FailurePattern::id).collect(Collectors.toSet());
        Map<String, List<String>> dangling = new TreeMap<>();
        for (FailurePattern p : allBuiltIn()) {
            List<String> unknown = p.outranks().stream().filter(o -> !ids.contains(o)).sorted().toList();
            if (!unknown.isEmpty()) {
                dangling.put(p.id(), unknown);
            }
            assertThat(p.outranks()).as("%s does not outrank itself", p.id()).doesNotContain(p.id());
        }
        assertThat(dangling).as("outranks naming no pattern").isEmpty();
    }

    @Test
    void patternsScopedToAPlatformUseKnownPlatforms() {
        for (FailurePattern p : allBuiltIn()) {
            assertThat(Platform.KNOWN).as("platforms of %s", p.id()).containsAll(p.platforms());
        }
    }

    @Test
    void everyPlatformGroupHasItsOwnPatterns() {
        Map<Platform, Integer> scoped = new TreeMap<>((a, b) -> a.id().compareTo(b.id()));
        allBuiltIn().forEach(p -> p.platforms().forEach(pl -> scoped.merge(pl, 1, Integer::sum)));
        for (Platform pl : List.of(Platform.KUBERNETES, Platform.AWS_ECS, Platform.AWS_LAMBDA, Platform.AWS_EKS,
                Platform.GCP_CLOUD_RUN, Platform.GCP_GKE, Platform.AZURE_ACI, Platform.AZURE_AKS, Platform.DOCKER)) {
            assertThat(scoped.getOrDefault(pl, 0)).as("patterns scoped to %s", pl).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void javaPatternsAreRegisteredForServiceDiscovery() {
        Set<String> discovered = ServiceLoader.load(FailurePattern.class).stream().map(p -> p.get().id())
                .collect(Collectors.toSet());
        assertThat(discovered).containsAll(BuiltInPatterns.all().stream().map(FailurePattern::id).toList());
    }
}
