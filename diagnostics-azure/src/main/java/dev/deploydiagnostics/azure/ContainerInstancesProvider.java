package dev.deploydiagnostics.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.rest.Response;
import com.azure.monitor.query.LogsQueryAsyncClient;
import com.azure.monitor.query.LogsQueryClientBuilder;
import com.azure.monitor.query.models.LogsQueryOptions;
import com.azure.monitor.query.models.LogsQueryResult;
import com.azure.monitor.query.models.LogsTable;
import com.azure.monitor.query.models.LogsTableCell;
import com.azure.monitor.query.models.LogsTableRow;
import com.azure.monitor.query.models.QueryTimeInterval;
import com.azure.resourcemanager.containerinstance.ContainerInstanceManager;
import com.azure.resourcemanager.containerinstance.fluent.ContainerInstanceManagementClient;
import com.azure.resourcemanager.containerinstance.fluent.models.ContainerGroupInner;
import com.azure.resourcemanager.containerinstance.fluent.models.LogsInner;
import com.azure.resourcemanager.containerinstance.models.Container;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deploydiagnostics.api.CollectionContext;
import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.Event;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.Experimental;
import dev.deploydiagnostics.api.LogLine;
import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.api.Severity;
import dev.deploydiagnostics.azure.internal.AciStates;
import dev.deploydiagnostics.azure.internal.AzureCalls;
import dev.deploydiagnostics.azure.internal.AzureSupport;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Collects evidence for an Azure Container Instances container group: the group and each container's
 * instance view (state, previous state, exit code, restart count, events) from Azure Resource Manager, each
 * container's log, failed operations on the group from the Activity Log (where provisioning errors such as
 * a region without capacity are recorded), and, when a Log Analytics workspace is configured, the
 * {@code ContainerInstanceLog_CL} and {@code ContainerEvent_CL} tables.
 *
 * <p>Needs the attributes {@code azure.subscription} and {@code azure.resourceGroup}, and the group's name in
 * {@code resource.name} or {@link DiagnosticRequest#service()}. Settings under its id: {@code workspaceId}
 * (or the attribute {@code azure.workspaceId}).
 */
@Experimental("the Activity Log and Log Analytics queries may change")
public final class ContainerInstancesProvider extends AzureProviderBase {
    /** This provider's id. */
    public static final String ID = "azure-aci";
    /** The request attribute naming a Log Analytics workspace (its customer id, a GUID). */
    public static final String WORKSPACE_ATTRIBUTE = "azure.workspaceId";
    static final String ACTIVITY_LOG_API_VERSION = "2015-04-01";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String READ = "Microsoft.ContainerInstance/containerGroups/read";
    private static final String LOGS_READ = "Microsoft.ContainerInstance/containerGroups/containers/logs/read";
    private static final String ACTIVITY_READ = "Microsoft.Insights/eventtypes/values/read";
    private static final String WORKSPACE_READ = "Microsoft.OperationalInsights/workspaces/query/read";


    /** A provider using {@code DefaultAzureCredential} against public Azure. */
    public ContainerInstancesProvider() {
        this(Optional.empty(), AzureClientSettings.defaults());
    }

    /** A provider using this credential against public Azure. */
    public ContainerInstancesProvider(TokenCredential credential) {
        this(Optional.of(credential), AzureClientSettings.defaults());
    }

    /** A provider using {@code DefaultAzureCredential} with these settings. */
    public ContainerInstancesProvider(AzureClientSettings settings) {
        this(Optional.empty(), settings);
    }

    /** A provider using this credential and these settings. */
    public ContainerInstancesProvider(TokenCredential credential, AzureClientSettings settings) {
        this(Optional.of(credential), settings);
    }

    private ContainerInstancesProvider(Optional<TokenCredential> credential, AzureClientSettings settings) {
        super(ID, Platform.AZURE_ACI, "Container Instances evidence", credential, settings);
    }

    @Override
    public boolean supports(DiagnosticRequest request) {
        return request.platform().filter(Platform.AZURE_ACI::equals).isPresent() && groupName(request).isPresent();
    }

    private static Optional<String> groupName(DiagnosticRequest request) {
        return request.attribute(DiagnosticRequest.Attributes.RESOURCE_NAME).or(request::service);
    }

    @Override
    void collectInto(DiagnosticRequest request, CollectionContext context, EvidenceBundle.Builder out) {
        Optional<String> subscription = request.attribute(DiagnosticRequest.Attributes.AZURE_SUBSCRIPTION);
        Optional<String> group = request.attribute(DiagnosticRequest.Attributes.AZURE_RESOURCE_GROUP);
        Optional<String> name = groupName(request);
        if (subscription.isEmpty() || group.isEmpty() || name.isEmpty()) {
            out.add(CollectionGap.of(ID, "container group " + name.orElse(""),
                    "the request needs the attributes azure.subscription and azure.resourceGroup and a container "
                            + "group name (resource.name or the service)", CollectionGap.Kind.UNREADABLE));
            return;
        }
        String rg = group.get();
        String cg = name.get();
        String resourceId = "/subscriptions/" + subscription.get() + "/resourceGroups/" + rg
                + "/providers/Microsoft.ContainerInstance/containerGroups/" + cg;
        Instant now = context.clock().instant();
        Instant from = request.windowStart(now);
        Instant to = request.windowEnd(now);
        TokenCredential cred = AzureSupport.credential(context, credential, settings);
        ContainerInstanceManagementClient client = ContainerInstanceManager.configure()
                .withHttpClient(settings.httpClient())
                .authenticate(cred, AzureSupport.profile(subscription.get(), settings))
                .serviceClient();

        Optional<ContainerGroupInner> found = Optional.empty();
        try {
            found = Optional.of(AzureCalls.call(client.getContainerGroups().getByResourceGroupAsync(rg, cg), context,
                    ID, "container group " + resourceId, READ));
        } catch (AzureCalls.GapException e) {
            out.add(e.gap());
        }
        found.ifPresent(g -> {
            out.add(AciStates.group(g));
            out.addAll(AciStates.events(g, Optional.empty()));
            if (g.containers() != null) {
                for (Container c : g.containers()) {
                    out.add(AciStates.container(g, c));
                    out.addAll(AciStates.events(g, Optional.of(c)));
                }
                for (Container c : g.containers()) {
                    // A container that never got an instance (e.g. the group failed to provision) has no log.
                    if (c.instanceView() != null && c.instanceView().currentState() != null) {
                        containerLog(client, rg, g, c, context, out);
                    }
                }
            }
        });

        activityLog(client.getHttpPipeline(), client.getEndpoint(), subscription.get(), resourceId, cg, from, to,
                context, out);

        Optional<String> workspace = context.setting("workspaceId").or(() -> request.attribute(WORKSPACE_ATTRIBUTE));
        workspace.ifPresent(w -> logAnalytics(cred, w, cg, from, to, context, out));
    }

    private void containerLog(ContainerInstanceManagementClient client, String rg, ContainerGroupInner g, Container c,
                              CollectionContext context, EvidenceBundle.Builder out) {
        int limit = Math.max(1, context.logLineLimit());
        String source = "aci/" + g.name() + "/" + c.name();
        try {
            LogsInner logs = AzureCalls.call(client.getContainers()
                            .listLogsWithResponseAsync(rg, g.name(), c.name(), limit, true).map(Response::getValue),
                    context, ID, "log of container " + c.name() + " in container group " + g.name(), LOGS_READ);
            String content = logs.content() == null ? "" : logs.content();
            List<String> lines = content.lines().filter(l -> !l.isBlank()).toList();
            int skip = Math.max(0, lines.size() - limit);
            out.droppedLogLines(skip);
            long number = 0;
            for (String line : lines.subList(skip, lines.size())) {
                number++;
                Optional<Instant> at = Optional.empty();
                String message = line;
                int space = line.indexOf(' ');
                if (space > 0) {
                    try {
                        at = Optional.of(OffsetDateTime.parse(line.substring(0, space)).toInstant());
                        message = line.substring(space + 1);
                    } catch (DateTimeParseException e) {
                        // Not every line starts with the timestamp ACI adds; keep the line whole.
                    }
                }
                out.add(new LogLine(at, source, message, Severity.UNKNOWN, number,
                        Map.of("containerGroup", g.name(), "container", c.name())));
            }
        } catch (AzureCalls.GapException e) {
            out.add(e.gap());
        }
    }

    private void activityLog(HttpPipeline pipeline, String endpoint, String subscription, String resourceId,
                             String cg, Instant from, Instant to, CollectionContext context,
                             EvidenceBundle.Builder out) {
        String filter = "eventTimestamp ge '" + DateTimeFormatter.ISO_INSTANT.format(from)
                + "' and eventTimestamp le '" + DateTimeFormatter.ISO_INSTANT.format(to)
                + "' and resourceUri eq '" + resourceId + "'";
        String base = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
        String url = base + "/subscriptions/" + subscription
                + "/providers/Microsoft.Insights/eventtypes/management/values?api-version=" + ACTIVITY_LOG_API_VERSION
                + "&$filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8).replace("+", "%20");
        String what = "Activity Log of container group " + cg;
        try {
            int pages = 0;
            while (url != null && pages++ < 5) {
                String pageUrl = url;
                JsonNode page = AzureCalls.call(pipeline.send(new HttpRequest(HttpMethod.GET, pageUrl))
                        .flatMap(r -> r.getBodyAsString().defaultIfEmpty("").map(body -> {
                            if (r.getStatusCode() / 100 != 2) {
                                throw new com.azure.core.management.exception.ManagementException(
                                        "Activity Log answered " + r.getStatusCode(), r, managementError(body));
                            }
                            return parse(body);
                        })), context, ID, what, ACTIVITY_READ);
                for (JsonNode e : page.path("value")) {
                    activityEvent(e, cg).ifPresent(out::add);
                }
                url = page.path("nextLink").isTextual() ? page.path("nextLink").asText() : null;
            }
        } catch (AzureCalls.GapException e) {
            out.add(e.gap());
        }
    }

    private static com.azure.core.management.exception.ManagementError managementError(String body) {
        JsonNode error = parse(body).path("error");
        return new com.azure.core.management.exception.ManagementError(error.path("code").asText(""),
                error.path("message").asText(body));
    }

    private static JsonNode parse(String body) {
        try {
            return body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable JSON: " + e.getMessage(), e);
        }
    }

    /**
     * A failed or warning Activity Log entry as an event whose reason is the error code (e.g.
     * {@code ServiceUnavailable}) and whose message is the error message.
     */
    static Optional<Event> activityEvent(JsonNode e, String cg) {
        String level = e.path("level").asText("");
        String status = e.path("status").path("value").asText("");
        if (!status.equalsIgnoreCase("Failed") && !level.equalsIgnoreCase("Error")
                && !level.equalsIgnoreCase("Critical") && !level.equalsIgnoreCase("Warning")) {
            return Optional.empty();
        }
        JsonNode props = e.path("properties");
        String code = props.path("statusCode").asText("");
        String message = "";
        String statusMessage = props.path("statusMessage").asText("");
        if (!statusMessage.isEmpty()) {
            try {
                JsonNode error = JSON.readTree(statusMessage).path("error");
                code = error.path("code").asText(code);
                message = error.path("message").asText("");
                for (JsonNode d : error.path("details")) {
                    message = message + (message.isEmpty() ? "" : " ") + d.path("message").asText("");
                }
            } catch (IOException notJson) {
                message = statusMessage;
            }
        }
        if (code.isEmpty()) {
            code = e.path("subStatus").path("value").asText(status);
        }
        String operation = e.path("operationName").path("value").asText("");
        if (message.isEmpty()) {
            message = operation + " " + status;
        }
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("operationName", operation);
        attrs.put("status", status);
        attrs.put("level", level);
        attrs.put("correlationId", e.path("correlationId").asText(""));
        Optional<Instant> at = Optional.empty();
        try {
            at = Optional.of(OffsetDateTime.parse(e.path("eventTimestamp").asText()).toInstant());
        } catch (DateTimeParseException ignored) {
            // An entry without a readable time still says what failed.
        }
        return Optional.of(new Event(at, Optional.empty(), "activity-log", level.isEmpty() ? "Error" : level, code,
                message, "ContainerGroup/" + cg, 1, attrs));
    }

    private void logAnalytics(TokenCredential cred, String workspace, String cg, Instant from, Instant to,
                              CollectionContext context, EvidenceBundle.Builder out) {
        LogsQueryAsyncClient logs = new LogsQueryClientBuilder().credential(cred).endpoint(settings.logsEndpoint())
                .httpClient(settings.httpClient()).buildAsyncClient();
        QueryTimeInterval interval = new QueryTimeInterval(from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC));
        int limit = Math.max(1, context.logLineLimit());
        String quoted = "'" + cg.replace("\\", "\\\\").replace("'", "\\'") + "'";
        String logQuery = "ContainerInstanceLog_CL | where ContainerGroup_s == " + quoted
                + " | project TimeGenerated, ContainerName_s, Message | order by TimeGenerated desc | take " + limit;
        String eventQuery = "ContainerEvent_CL | where ContainerGroup_s == " + quoted
                + " | project TimeGenerated, ContainerName_s, Reason_s, Message, Count_d, Type_s"
                + " | order by TimeGenerated desc | take " + limit;
        try {
            LogsTable table = query(logs, workspace, logQuery, interval, context, "ContainerInstanceLog_CL");
            List<LogLine> lines = new ArrayList<>();
            for (LogsTableRow row : table.getRows()) {
                String container = text(row, "ContainerName_s");
                lines.add(0, new LogLine(time(row), "log-analytics/" + cg + "/" + container, text(row, "Message"),
                        Severity.UNKNOWN, 0, Map.of("containerGroup", cg, "container", container,
                        "table", "ContainerInstanceLog_CL", "workspace", workspace)));
            }
            out.addAll(lines);
            LogsTable events = query(logs, workspace, eventQuery, interval, context, "ContainerEvent_CL");
            List<Event> evs = new ArrayList<>();
            for (LogsTableRow row : events.getRows()) {
                String container = text(row, "ContainerName_s");
                int count = row.getColumnValue("Count_d").map(LogsTableCell::getValueAsDouble)
                        .map(Double::intValue).orElse(1);
                evs.add(0, new Event(time(row), Optional.empty(), "log-analytics ContainerEvent_CL",
                        text(row, "Type_s"), text(row, "Reason_s"), text(row, "Message"),
                        "Container/" + cg + "/" + container, count,
                        Map.of("containerGroup", cg, "container", container, "workspace", workspace)));
            }
            out.addAll(evs);
        } catch (AzureCalls.GapException e) {
            out.add(e.gap());
        }
    }

    private static LogsTable query(LogsQueryAsyncClient logs, String workspace, String query,
                                   QueryTimeInterval interval, CollectionContext context, String table)
            throws AzureCalls.GapException {
        LogsQueryResult result = AzureCalls.call(
                logs.queryWorkspaceWithResponse(workspace, query, interval, new LogsQueryOptions()
                        .setServerTimeout(serverTimeout(context))).map(Response::getValue),
                context, ID, table + " in Log Analytics workspace " + workspace, WORKSPACE_READ);
        if (result.getError() != null && (result.getAllTables() == null || result.getAllTables().isEmpty())) {
            throw new AzureCalls.GapException(CollectionGap.of(ID, table + " in Log Analytics workspace " + workspace,
                    "the query failed: " + result.getError().getMessage(), CollectionGap.Kind.ERROR));
        }
        return result.getTable();
    }

    private static java.time.Duration serverTimeout(CollectionContext context) {
        long seconds = Math.max(1, Math.min(600, context.remaining().toSeconds()));
        return java.time.Duration.ofSeconds(seconds);
    }

    private static String text(LogsTableRow row, String column) {
        return row.getColumnValue(column).map(LogsTableCell::getValueAsString).orElse("");
    }

    private static Optional<Instant> time(LogsTableRow row) {
        return row.getColumnValue("TimeGenerated").map(LogsTableCell::getValueAsDateTime)
                .map(OffsetDateTime::toInstant);
    }
}
