package dev.deploydiagnostics.examples;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Users copy Maven coordinates out of the READMEs and docs/ verbatim, so each one is checked against the
 * build: our own artifacts must be modules of this reactor at its version (and, when a snippet leaves the
 * version out, managed by the BOM), and another library's coordinates must be declared, at that version, in
 * one of the build's POMs.
 */
class DocumentedCoordinatesTest {
    private static final String GROUP = "dev.deploydiagnostics";
    private static final Pattern XML_COORDINATE = Pattern.compile(
            "<groupId>\\s*([^<\\s]+)\\s*</groupId>\\s*<artifactId>\\s*([^<\\s]+)\\s*</artifactId>"
                    + "(?:\\s*<version>\\s*([^<\\s]+)\\s*</version>)?");
    /** Our group in prose or a Gradle line: {@code dev.deploydiagnostics:artifact[:version]}. */
    private static final Pattern INLINE_COORDINATE = Pattern.compile(
            Pattern.quote(GROUP) + ":([A-Za-z0-9_.-]*[A-Za-z0-9_])(?::([A-Za-z0-9_.-]*[A-Za-z0-9_]))?");
    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

    private static Path root;
    private static String version;
    private static final Set<String> modules = new HashSet<>();
    private static final Set<String> managedByBom = new HashSet<>();
    /** groupId:artifactId of every dependency, BOM import and plugin dependency the POMs declare, with its versions. */
    private static final Map<String, Set<String>> declared = new HashMap<>();

    @BeforeAll
    static void readTheBuild() throws Exception {
        root = Path.of("").toAbsolutePath();
        while (!Files.exists(root.resolve("mvnw"))) {
            root = root.getParent();
            assertThat(root).as("the root of the build, above %s", Path.of("").toAbsolutePath()).isNotNull();
        }
        Element parent = pom(root.resolve("pom.xml"));
        version = child(parent, "version");
        Map<String, String> parentProperties = properties(parent, Map.of());
        collect(parent, parentProperties);
        modules.add(child(parent, "artifactId"));
        for (Element module : children(element(parent, "modules"), "module")) {
            Element pom = pom(root.resolve(module.getTextContent().trim()).resolve("pom.xml"));
            String artifactId = child(pom, "artifactId");
            String groupId = child(pom, "groupId");
            Map<String, String> props = properties(pom, pom.getElementsByTagName("parent").getLength() > 0
                    ? parentProperties : Map.of());
            collect(pom, props);
            if (groupId == null || groupId.equals(GROUP)) {
                modules.add(artifactId);
            }
            if (artifactId.equals("diagnostics-bom")) {
                for (Element dependency : children(element(pom, "dependencyManagement"), "dependency", true)) {
                    if (GROUP.equals(child(dependency, "groupId"))) {
                        managedByBom.add(child(dependency, "artifactId"));
                    }
                }
            }
        }
    }

    static Stream<Path> documents() throws IOException {
        List<Path> docs = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(p -> p.getFileName().toString().equals("README.md"))
                    .filter(DocumentedCoordinatesTest::outsideBuildOutput)
                    .forEach(docs::add);
        }
        try (Stream<Path> list = Files.list(root.resolve("docs"))) {
            list.filter(p -> p.getFileName().toString().endsWith(".md")).forEach(docs::add);
        }
        return docs.stream().sorted();
    }

    private static boolean outsideBuildOutput(Path file) {
        for (Path part : root.relativize(file)) {
            String name = part.toString();
            if (name.equals("target") || name.startsWith(".")) {
                return false;
            }
        }
        return true;
    }

    @Test
    void everyCoordinateInTheDocsMatchesTheBuild() throws IOException {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Path doc : (Iterable<Path>) documents()::iterator) {
            String text = Files.readString(doc);
            String where = root.relativize(doc).toString();
            Matcher xml = XML_COORDINATE.matcher(text);
            while (xml.find()) {
                checked++;
                check(where, xml.group(1), xml.group(2), xml.group(3), true, problems);
            }
            Matcher inline = INLINE_COORDINATE.matcher(text);
            while (inline.find()) {
                checked++;
                check(where, GROUP, inline.group(1), inline.group(2), false, problems);
            }
        }
        assertThat(checked).as("coordinates found in the docs").isGreaterThan(10);
        assertThat(problems).as("coordinates in the docs that do not match the build").isEmpty();
    }

    @Test
    void theConsumerExampleImportsThisVersionOfTheBom() throws Exception {
        Element consumer = pom(root.resolve("examples/consumer/pom.xml"));
        Map<String, String> props = properties(consumer, Map.of());
        boolean found = false;
        for (Element dependency : children(element(consumer, "dependencyManagement"), "dependency", true)) {
            if ("diagnostics-bom".equals(child(dependency, "artifactId"))) {
                found = true;
                assertThat(resolve(child(dependency, "version"), props)).isEqualTo(version);
            }
        }
        assertThat(found).as("examples/consumer imports diagnostics-bom").isTrue();
    }

    @Test
    void everyLibraryAPublishedModuleDeclaresHasItsLicenceListed() throws Exception {
        String licences = Files.readString(root.resolve("docs/licences.md"));
        List<String> missing = new ArrayList<>();
        for (String module : List.of("diagnostics-api", "diagnostics-test", "diagnostics-core", "diagnostics-k8s",
                "diagnostics-aws", "diagnostics-gcp", "diagnostics-azure", "diagnostics-pdf", "diagnostics-sinks",
                "diagnostics-cli")) {
            Element pom = pom(root.resolve(module).resolve("pom.xml"));
            for (Element dependency : children(element(pom, "dependencies"), "dependency")) {
                String scope = child(dependency, "scope");
                String coordinate = child(dependency, "groupId") + ":" + child(dependency, "artifactId");
                if (!coordinate.startsWith(GROUP + ":") && (scope == null || scope.equals("compile") || scope.equals("runtime"))
                        && !licences.contains("`" + coordinate + "`")) {
                    missing.add(module + ": " + coordinate);
                }
            }
        }
        assertThat(missing).as("libraries users get from a module but docs/licences.md does not list").isEmpty();
    }

    private static void check(String where, String groupId, String artifactId, String v, boolean snippet, List<String> problems) {
        String coordinate = groupId + ":" + artifactId + (v == null ? "" : ":" + v);
        if (groupId.equals(GROUP)) {
            if (!modules.contains(artifactId)) {
                problems.add(where + ": " + coordinate + " names no module of the build (modules: " + new java.util.TreeSet<>(modules) + ")");
            } else if (v != null && !v.equals(version)) {
                problems.add(where + ": " + coordinate + " has another version than the build's " + version);
            } else if (v == null && snippet && !managedByBom.contains(artifactId)) {
                problems.add(where + ": " + coordinate + " leaves the version out but diagnostics-bom does not manage it");
            }
            return;
        }
        Set<String> versions = declared.get(groupId + ":" + artifactId);
        if (versions == null) {
            problems.add(where + ": " + coordinate + " is declared in none of the build's POMs");
        } else if (v != null && !versions.contains(v)) {
            problems.add(where + ": " + coordinate + " does not match the build's " + versions);
        }
    }

    private static void collect(Element pom, Map<String, String> props) {
        for (String tag : List.of("dependency", "path", "plugin")) {
            NodeList found = pom.getElementsByTagName(tag);
            for (int i = 0; i < found.getLength(); i++) {
                Element e = (Element) found.item(i);
                String g = child(e, "groupId");
                String a = child(e, "artifactId");
                if (g == null || a == null) {
                    continue;
                }
                String v = child(e, "version");
                declared.computeIfAbsent(resolve(g, props) + ":" + resolve(a, props), k -> new HashSet<>())
                        .add(v == null ? "" : resolve(v, props));
            }
        }
    }

    private static String resolve(String value, Map<String, String> props) {
        Matcher m = PROPERTY.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(props.getOrDefault(m.group(1), m.group())));
        }
        return m.appendTail(out).toString();
    }

    private static Map<String, String> properties(Element pom, Map<String, String> inherited) {
        Map<String, String> props = new LinkedHashMap<>(inherited);
        Element section = element(pom, "properties");
        if (section != null) {
            for (Node n = section.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e) {
                    props.put(e.getTagName(), e.getTextContent().trim());
                }
            }
        }
        String v = child(pom, "version");
        props.put("project.version", v != null ? v : inherited.get("project.version"));
        return props;
    }

    private static Element pom(Path file) throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        return doc.getDocumentElement();
    }

    /** The text of a direct child element, or null. */
    private static String child(Element parent, String name) {
        Element e = element(parent, name);
        return e == null ? null : e.getTextContent().trim();
    }

    private static Element element(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static List<Element> children(Element parent, String name) {
        return children(parent, name, false);
    }

    private static List<Element> children(Element parent, String name, boolean deep) {
        List<Element> out = new ArrayList<>();
        if (parent == null) {
            return out;
        }
        if (deep) {
            NodeList found = parent.getElementsByTagName(name);
            for (int i = 0; i < found.getLength(); i++) {
                out.add((Element) found.item(i));
            }
            return out;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }
}
