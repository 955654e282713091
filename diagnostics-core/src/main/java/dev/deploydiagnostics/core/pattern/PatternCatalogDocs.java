package dev.deploydiagnostics.core.pattern;

import dev.deploydiagnostics.api.Category;
import dev.deploydiagnostics.api.Experimental;
import dev.deploydiagnostics.api.FailurePattern;
import dev.deploydiagnostics.api.Platform;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Writes the Markdown page that lists every pattern of a catalog ({@code docs/patterns.md}), so the
 * documentation is generated from the patterns themselves and cannot drift from them.
 */
@Experimental
public final class PatternCatalogDocs {

    /** Section headings by the first part of a pattern id; ids with another prefix go under "Other". */
    private static final Map<String, String> GROUPS = new LinkedHashMap<>();

    static {
        GROUPS.put("k8s", "Kubernetes (all distributions)");
        GROUPS.put("eks", "Amazon EKS");
        GROUPS.put("gke", "Google Kubernetes Engine");
        GROUPS.put("aks", "Azure Kubernetes Service");
        GROUPS.put("aci", "Azure Container Instances");
        GROUPS.put("azure", "Azure (shared)");
        GROUPS.put("ecs", "Amazon ECS");
        GROUPS.put("lambda", "AWS Lambda");
        GROUPS.put("aws", "AWS (shared)");
        GROUPS.put("cloudrun", "Google Cloud Run");
        GROUPS.put("gcp", "Google Cloud (shared)");
        GROUPS.put("app", "Application logs (JVM, Node.js, Python, Go, .NET, Ruby)");
        GROUPS.put("tls", "TLS and certificates");
        GROUPS.put("generic", "Exit codes and generic signals");
        GROUPS.put("docker", "Docker engine and Compose");
    }

    private PatternCatalogDocs() {
    }

    /** The Markdown page for these patterns, in a stable order. */
    public static String markdown(List<FailurePattern> patterns) {
        List<FailurePattern> sorted = new ArrayList<>(patterns);
        sorted.sort(Comparator.comparing(FailurePattern::id));
        StringBuilder md = new StringBuilder();
        md.append("# Built-in failure patterns\n\n");
        md.append("Generated from the built-in catalog by `PatternCatalogDocs`; do not edit by hand. Regenerate with\n");
        md.append("`./mvnw -B -pl diagnostics-core -am verify -Dtest=PatternCatalogDocsTest -Dsurefire.failIfNoSpecifiedTests=false -Dpatterns.docs.update=true`.\n\n");
        md.append("Each pattern maps to one category of the taxonomy. Weights are noisy-OR contributions to the\n");
        md.append("confidence (see `catalog-format.md`); \"supporting\" signals cannot make a pattern fire alone, and a\n");
        md.append("\"not\" signal lowers the confidence when present.\n\n");
        md.append(sorted.size()).append(" patterns.\n\n");

        md.append("## Patterns per category\n\n| category | patterns |\n| --- | --- |\n");
        Map<Category, List<String>> byCategory = new EnumMap<>(Category.class);
        for (FailurePattern p : sorted) {
            byCategory.computeIfAbsent(p.category(), c -> new ArrayList<>()).add(p.id());
        }
        for (Category c : Category.values()) {
            List<String> ids = byCategory.getOrDefault(c, List.of());
            md.append("| `").append(c.id()).append("` | ").append(ids.size()).append(": ")
                    .append(ids.stream().map(i -> "`" + i + "`").collect(Collectors.joining(", "))).append(" |\n");
        }
        md.append('\n');

        Map<String, List<FailurePattern>> byGroup = new LinkedHashMap<>();
        GROUPS.values().forEach(g -> byGroup.put(g, new ArrayList<>()));
        byGroup.put("Other", new ArrayList<>());
        for (FailurePattern p : sorted) {
            String prefix = p.id().substring(0, p.id().indexOf('.'));
            byGroup.get(GROUPS.getOrDefault(prefix, "Other")).add(p);
        }
        for (Map.Entry<String, List<FailurePattern>> group : byGroup.entrySet()) {
            if (group.getValue().isEmpty()) {
                continue;
            }
            md.append("## ").append(group.getKey()).append("\n\n");
            for (FailurePattern p : group.getValue()) {
                pattern(md, p);
            }
        }
        return md.toString();
    }

    private static void pattern(StringBuilder md, FailurePattern p) {
        md.append("### `").append(p.id()).append("`\n\n");
        md.append(oneLine(p.description())).append("\n\n");
        md.append("- Category: `").append(p.category().id()).append("`\n");
        md.append("- Platforms: ").append(p.platforms().isEmpty() ? "any"
                : new TreeSet<>(p.platforms().stream().map(Platform::id).toList()).stream()
                .map(x -> "`" + x + "`").collect(Collectors.joining(", "))).append('\n');
        if (!p.outranks().isEmpty()) {
            md.append("- Ranks above: ").append(new TreeSet<>(p.outranks()).stream().map(x -> "`" + x + "`")
                    .collect(Collectors.joining(", "))).append('\n');
        }
        if (!p.remedyTitle().isBlank()) {
            md.append("- Remedy: ").append(oneLine(p.remedyTitle())).append('\n');
        }
        md.append("- Signals:\n");
        for (String s : p.signals()) {
            md.append("  - ").append(code(oneLine(s))).append('\n');
        }
        md.append('\n');
    }

    private static String code(String s) {
        return s.contains("`") ? "`` " + s + " ``" : "`" + s + "`";
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ').replace("\r", "").trim();
    }
}
