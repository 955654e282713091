package dev.deploydiagnostics.core.pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.deploydiagnostics.api.Category;
import dev.deploydiagnostics.api.Finding;
import dev.deploydiagnostics.api.InvalidConfigurationException;
import dev.deploydiagnostics.api.Platform;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.PatternSyntaxException;

/**
 * Reads pattern catalogs: YAML files that declare patterns as weighted indicators and remedies.
 *
 * <p>Every problem in a catalog is reported at once, each naming the file, the pattern and what to change;
 * a catalog with any problem is rejected whole. The format is described in {@code docs/catalog-format.md}.
 */
public final class CatalogLoader {

    /** Class-path resource every jar may ship to add patterns; all copies on the class path are read. */
    public static final String PLUGIN_RESOURCE = "META-INF/deploy-diagnostics/patterns.yaml";
    private static final String BUILTIN_DIR = "dev/deploydiagnostics/core/catalog/";

    private static final Set<String> PATTERN_KEYS = Set.of("id", "category", "title", "description", "explanation",
            "platforms", "indicators", "negative", "remedies", "outranks");
    private static final Set<String> INDICATOR_KINDS = Set.of("text", "log", "event", "state", "exitCode",
            "terminationReason", "metric");
    private static final Set<String> INDICATOR_COMMON = Set.of("weight", "anchor", "sameLine");
    private static final Set<String> REMEDY_KEYS = Set.of("title", "steps", "config", "docs");

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

    /** Loads the built-in catalog shipped in this jar. */
    public List<DeclarativePattern> loadBuiltIn() {
        List<DeclarativePattern> all = new ArrayList<>();
        ClassLoader cl = CatalogLoader.class.getClassLoader();
        try (InputStream index = cl.getResourceAsStream(BUILTIN_DIR + "index.txt")) {
            if (index == null) {
                throw new IllegalStateException("built-in catalog index is missing from the class path");
            }
            List<String> files = new BufferedReader(new InputStreamReader(index, StandardCharsets.UTF_8)).lines()
                    .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
            for (String file : files) {
                try (InputStream in = cl.getResourceAsStream(BUILTIN_DIR + file)) {
                    if (in == null) {
                        throw new IllegalStateException("built-in catalog file " + file + " is missing");
                    }
                    all.addAll(load("builtin:" + file, in));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the built-in catalog", e);
        }
        return checkUnique(all, "built-in catalog");
    }

    /** Loads every {@value #PLUGIN_RESOURCE} on the class path, e.g. from provider jars. */
    public List<DeclarativePattern> loadPlugins(ClassLoader classLoader) {
        List<DeclarativePattern> all = new ArrayList<>();
        try {
            for (URL url : Collections.list(classLoader.getResources(PLUGIN_RESOURCE))) {
                try (InputStream in = url.openStream()) {
                    all.addAll(load(url.toString(), in));
                }
            }
        } catch (IOException e) {
            throw new InvalidConfigurationException(PLUGIN_RESOURCE, "cannot be read: " + e.getMessage());
        }
        return all;
    }

    /** Loads a catalog file a team keeps beside its deploy configuration. */
    public List<DeclarativePattern> load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidConfigurationException(file.toString(), "is not a readable file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return load(file.toString(), in);
        } catch (IOException e) {
            throw new InvalidConfigurationException(file.toString(), "cannot be read: " + e.getMessage());
        }
    }

    /**
     * Loads a catalog from a stream.
     *
     * @param origin names the catalog in messages
     * @throws InvalidConfigurationException listing every problem found
     */
    public List<DeclarativePattern> load(String origin, InputStream in) {
        JsonNode root;
        try {
            root = yaml.readTree(in);
        } catch (IOException e) {
            throw new InvalidConfigurationException(origin, "is not valid YAML: " + firstLine(e.getMessage()));
        }
        List<String> problems = new ArrayList<>();
        List<DeclarativePattern> patterns = new ArrayList<>();
        if (root == null || !root.isObject() || !root.path("patterns").isArray()) {
            throw new InvalidConfigurationException(origin, "must be a mapping with a 'patterns' list");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!key.equals("patterns") && !key.equals("catalog")) {
                problems.add("unknown top-level key '" + key + "'; expected 'patterns' (and optionally 'catalog')");
            }
        }
        Set<String> seen = new HashSet<>();
        int index = 0;
        for (JsonNode p : root.get("patterns")) {
            index++;
            String name = p.path("id").asText("#" + index);
            List<String> local = new ArrayList<>();
            DeclarativePattern pattern = parsePattern(p, origin, local);
            for (String problem : local) {
                problems.add("pattern '" + name + "': " + problem);
            }
            if (pattern != null) {
                if (!seen.add(pattern.id())) {
                    problems.add("pattern '" + name + "': id is declared twice");
                } else {
                    patterns.add(pattern);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(origin, problems);
        }
        return patterns;
    }

    private DeclarativePattern parsePattern(JsonNode p, String origin, List<String> problems) {
        if (!p.isObject()) {
            problems.add("must be a mapping");
            return null;
        }
        unknownKeys(p, PATTERN_KEYS, problems, "");
        String id = text(p, "id", problems, true);
        if (id != null && !Finding.PATTERN_ID.matcher(id).matches()) {
            problems.add("id must be dotted kebab-case with at least two parts, e.g. 'k8s.oom-killed'");
        }
        String categoryId = text(p, "category", problems, true);
        Category category = null;
        if (categoryId != null) {
            category = Category.fromId(categoryId).orElse(null);
            if (category == null) {
                problems.add("unknown category '" + categoryId + "'; use one of " + categoryIds());
            }
        }
        String title = text(p, "title", problems, true);
        String description = Optional.ofNullable(text(p, "description", problems, false)).orElse(title == null ? "" : title);
        String explanation = Optional.ofNullable(text(p, "explanation", problems, false)).orElse("");
        Set<Platform> platforms = new LinkedHashSet<>();
        for (String s : strings(p, "platforms", problems)) {
            try {
                platforms.add(Platform.of(s));
            } catch (IllegalArgumentException e) {
                problems.add("platforms: " + e.getMessage());
            }
        }
        List<Indicator> indicators = indicators(p.get("indicators"), "indicators", problems, null);
        if (p.get("indicators") == null || indicators.isEmpty() && problems.isEmpty()) {
            problems.add("needs at least one entry under 'indicators'");
        } else if (!indicators.isEmpty() && indicators.stream().noneMatch(Indicator::anchor)) {
            problems.add("needs at least one anchor indicator (one without 'anchor: false')");
        }
        List<Boolean> sameLine = new ArrayList<>();
        List<Indicator> negatives = indicators(p.get("negative"), "negative", problems, sameLine);
        List<RemedyTemplate> remedies = remedies(p.get("remedies"), problems);
        Set<String> outranks = new LinkedHashSet<>(strings(p, "outranks", problems));
        if (!problems.isEmpty()) {
            return null;
        }
        return new DeclarativePattern(id, category, title, description, explanation, platforms, indicators,
                negatives, sameLine, remedies, outranks, origin);
    }

    /** Reads indicators; for negatives, {@code sameLine} receives each one's same-line flag. */
    private List<Indicator> indicators(JsonNode list, String where, List<String> problems, List<Boolean> sameLine) {
        List<Indicator> out = new ArrayList<>();
        if (list == null || list.isNull()) {
            return out;
        }
        if (!list.isArray()) {
            problems.add("'" + where + "' must be a list");
            return out;
        }
        int i = 0;
        for (JsonNode n : list) {
            i++;
            String at = where + "[" + i + "]";
            if (!n.isObject()) {
                problems.add(at + " must be a mapping");
                continue;
            }
            List<String> kinds = new ArrayList<>();
            for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (INDICATOR_KINDS.contains(key)) {
                    kinds.add(key);
                } else if (!INDICATOR_COMMON.contains(key)) {
                    problems.add(at + ": unknown key '" + key + "'; expected one of " + new TreeSet<>(INDICATOR_KINDS)
                            + " with 'weight' and optional 'anchor'");
                }
            }
            if (kinds.size() != 1) {
                problems.add(at + ": needs exactly one of " + new TreeSet<>(INDICATOR_KINDS) + ", found " + kinds);
                continue;
            }
            JsonNode w = n.get("weight");
            if (w == null || !w.isNumber() || w.asDouble() <= 0 || w.asDouble() > 1) {
                problems.add(at + ": 'weight' must be a number in (0, 1]");
                continue;
            }
            double weight = w.asDouble();
            boolean anchor = !n.has("anchor") || n.get("anchor").asBoolean(true);
            boolean same = n.path("sameLine").asBoolean(false);
            if (n.has("sameLine") && (sameLine == null || !(kinds.get(0).equals("text") || kinds.get(0).equals("log"))
                    || !n.get("sameLine").isBoolean())) {
                problems.add(at + ": 'sameLine' (true or false) is only for text and log negatives");
                continue;
            }
            Indicator ind = indicator(kinds.get(0), n.get(kinds.get(0)), weight, anchor, at, problems);
            if (ind != null) {
                out.add(ind);
                if (sameLine != null) {
                    sameLine.add(same);
                }
            }
        }
        return out;
    }

    private Indicator indicator(String kind, JsonNode v, double weight, boolean anchor, String at, List<String> problems) {
        String where = at + "." + kind;
        switch (kind) {
            case "text":
                return regex(v, where, problems).map(r -> new Indicator.Text(Indicator.Scope.ANY, r, weight, anchor)).orElse(null);
            case "log":
                return regex(v, where, problems).map(r -> new Indicator.Text(Indicator.Scope.LOG, r, weight, anchor)).orElse(null);
            case "terminationReason":
                return regex(v, where, problems).map(r -> new Indicator.TerminationReason(r, weight, anchor)).orElse(null);
            case "exitCode": {
                Set<Integer> codes = new LinkedHashSet<>();
                if (v.isInt()) {
                    codes.add(v.asInt());
                } else if (v.isArray()) {
                    for (JsonNode c : v) {
                        if (c.isInt()) {
                            codes.add(c.asInt());
                        } else {
                            problems.add(where + ": exit codes must be whole numbers, found '" + c.asText() + "'");
                        }
                    }
                } else {
                    problems.add(where + ": must be a whole number or a list of them");
                }
                return codes.isEmpty() ? null : new Indicator.ExitCode(codes, weight, anchor);
            }
            case "event": {
                if (!v.isObject()) {
                    problems.add(where + ": must be a mapping with 'reason', 'message' and/or 'type'");
                    return null;
                }
                unknownKeys(v, Set.of("reason", "message", "type"), problems, where + ": ");
                Optional<SafeRegex> reason = optionalRegex(v, "reason", where, problems);
                Optional<SafeRegex> message = optionalRegex(v, "message", where, problems);
                Optional<SafeRegex> type = optionalRegex(v, "type", where, problems);
                if (reason.isEmpty() && message.isEmpty() && type.isEmpty()) {
                    problems.add(where + ": needs at least one of 'reason', 'message', 'type'");
                    return null;
                }
                return new Indicator.EventMatch(reason, message, type, weight, anchor);
            }
            case "state": {
                if (!v.isObject()) {
                    problems.add(where + ": must be a mapping with 'kind', 'status', 'reason', 'message' and/or 'attributes'");
                    return null;
                }
                unknownKeys(v, Set.of("kind", "status", "reason", "message", "attributes"), problems, where + ": ");
                Map<String, SafeRegex> attrs = new LinkedHashMap<>();
                JsonNode a = v.get("attributes");
                if (a != null) {
                    if (!a.isObject()) {
                        problems.add(where + ".attributes: must be a mapping of attribute name to regex");
                    } else {
                        a.fields().forEachRemaining(e -> regex(e.getValue(), where + ".attributes." + e.getKey(), problems)
                                .ifPresent(r -> attrs.put(e.getKey(), r)));
                    }
                }
                Optional<SafeRegex> k = optionalRegex(v, "kind", where, problems);
                Optional<SafeRegex> st = optionalRegex(v, "status", where, problems);
                Optional<SafeRegex> r = optionalRegex(v, "reason", where, problems);
                Optional<SafeRegex> m = optionalRegex(v, "message", where, problems);
                if (k.isEmpty() && st.isEmpty() && r.isEmpty() && m.isEmpty() && attrs.isEmpty()) {
                    problems.add(where + ": needs at least one field to match");
                    return null;
                }
                return new Indicator.StateMatch(k, st, r, m, attrs, weight, anchor);
            }
            case "metric": {
                if (!v.isObject() || !v.has("name")) {
                    problems.add(where + ": must be a mapping with 'name' and 'above' and/or 'below'");
                    return null;
                }
                unknownKeys(v, Set.of("name", "above", "below"), problems, where + ": ");
                Optional<SafeRegex> name = optionalRegex(v, "name", where, problems);
                Optional<Double> above = v.has("above") && v.get("above").isNumber() ? Optional.of(v.get("above").asDouble()) : Optional.empty();
                Optional<Double> below = v.has("below") && v.get("below").isNumber() ? Optional.of(v.get("below").asDouble()) : Optional.empty();
                if (above.isEmpty() && below.isEmpty()) {
                    problems.add(where + ": needs a numeric 'above' or 'below'");
                    return null;
                }
                return name.map(n -> new Indicator.Metric(n, above, below, weight, anchor)).orElse(null);
            }
            default:
                throw new IllegalStateException(kind);
        }
    }

    private List<RemedyTemplate> remedies(JsonNode list, List<String> problems) {
        List<RemedyTemplate> out = new ArrayList<>();
        if (list == null || list.isNull()) {
            problems.add("needs at least one remedy under 'remedies'");
            return out;
        }
        if (!list.isArray() || list.isEmpty()) {
            problems.add("'remedies' must be a non-empty list");
            return out;
        }
        int i = 0;
        for (JsonNode r : list) {
            i++;
            String at = "remedies[" + i + "]";
            if (!r.isObject()) {
                problems.add(at + " must be a mapping");
                continue;
            }
            unknownKeys(r, REMEDY_KEYS, problems, at + ": ");
            String title = r.path("title").asText("");
            if (title.isBlank()) {
                problems.add(at + ": needs a 'title'");
                continue;
            }
            List<String> steps = new ArrayList<>();
            JsonNode s = r.get("steps");
            if (s != null) {
                if (s.isArray()) {
                    s.forEach(x -> steps.add(x.asText()));
                } else {
                    problems.add(at + ".steps must be a list of strings");
                }
            }
            Optional<String> format = Optional.empty();
            Optional<String> content = Optional.empty();
            JsonNode c = r.get("config");
            if (c != null) {
                if (!c.isObject() || !c.hasNonNull("content")) {
                    problems.add(at + ".config must be a mapping with 'format' and 'content'");
                } else {
                    format = Optional.of(c.path("format").asText("text"));
                    content = Optional.of(c.get("content").asText());
                }
            }
            Optional<String> docs = Optional.empty();
            if (r.hasNonNull("docs")) {
                String d = r.get("docs").asText();
                if (!d.startsWith("https://") && !d.startsWith("http://")) {
                    problems.add(at + ".docs must be an http(s) link, found '" + d + "'");
                } else {
                    docs = Optional.of(d);
                }
            }
            out.add(new RemedyTemplate(title, steps, format, content, docs));
        }
        return out;
    }

    private static Optional<SafeRegex> optionalRegex(JsonNode parent, String key, String where, List<String> problems) {
        JsonNode v = parent.get(key);
        return v == null ? Optional.empty() : regex(v, where + "." + key, problems);
    }

    private static Optional<SafeRegex> regex(JsonNode v, String where, List<String> problems) {
        if (v == null || !v.isValueNode() || v.asText().isEmpty()) {
            problems.add(where + ": must be a non-empty regular expression");
            return Optional.empty();
        }
        try {
            return Optional.of(SafeRegex.compile(v.asText()));
        } catch (PatternSyntaxException e) {
            problems.add(where + ": bad regular expression '" + v.asText() + "': " + e.getDescription()
                    + (e.getIndex() >= 0 ? " near index " + e.getIndex() : ""));
            return Optional.empty();
        }
    }

    private static String text(JsonNode p, String key, List<String> problems, boolean required) {
        JsonNode v = p.get(key);
        if (v == null || v.isNull()) {
            if (required) {
                problems.add("needs '" + key + "'");
            }
            return null;
        }
        if (!v.isValueNode()) {
            problems.add("'" + key + "' must be text");
            return null;
        }
        return v.asText();
    }

    private static List<String> strings(JsonNode p, String key, List<String> problems) {
        JsonNode v = p.get(key);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (v.isValueNode()) {
            return List.of(v.asText());
        }
        if (!v.isArray()) {
            problems.add("'" + key + "' must be a list");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        v.forEach(x -> out.add(x.asText()));
        return out;
    }

    private static void unknownKeys(JsonNode n, Set<String> allowed, List<String> problems, String prefix) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                problems.add(prefix + "unknown key '" + key + "'; expected one of " + new TreeSet<>(allowed));
            }
        }
    }

    private static List<DeclarativePattern> checkUnique(List<DeclarativePattern> patterns, String origin) {
        Set<String> ids = new HashSet<>();
        List<String> problems = new ArrayList<>();
        for (DeclarativePattern p : patterns) {
            if (!ids.add(p.id())) {
                problems.add("pattern '" + p.id() + "' is declared twice (again in " + p.origin() + ")");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(origin, problems);
        }
        return patterns;
    }

    private static String categoryIds() {
        return Arrays.stream(Category.values()).map(Category::id).toList().toString();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
