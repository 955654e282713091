package dev.deploydiagnostics.aws.internal;

import dev.deploydiagnostics.api.MetricSample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;

/**
 * Reads CloudWatch metrics for a window with GetMetricData and turns each data point into a
 * {@link MetricSample} carrying its statistic and dimensions.
 */
public final class MetricsReader {
    /** The period of every query, in seconds. */
    public static final int PERIOD_SECONDS = 60;

    private final AwsSession session;

    /** A reader using the session's clients and call runner. */
    public MetricsReader(AwsSession session) {
        this.session = session;
    }

    /** One metric and statistic to read, with the unit its samples carry. */
    public record Query(String metric, String statistic, String unit) {
    }

    /** Reads every query over the window for one namespace and set of dimensions. */
    public void read(String namespace, Map<String, String> dimensions, List<Query> queries, Instant from, Instant to) {
        AwsCalls calls = session.calls();
        List<Dimension> dims = dimensions.entrySet().stream()
                .map(e -> Dimension.builder().name(e.getKey()).value(e.getValue()).build()).toList();
        List<MetricDataQuery> data = new ArrayList<>();
        Map<String, Query> byId = new LinkedHashMap<>();
        for (int i = 0; i < queries.size(); i++) {
            Query q = queries.get(i);
            String id = "m" + i;
            byId.put(id, q);
            data.add(MetricDataQuery.builder().id(id).returnData(true)
                    .metricStat(s -> s.metric(m -> m.namespace(namespace).metricName(q.metric()).dimensions(dims))
                            .period(PERIOD_SECONDS).stat(q.statistic()))
                    .build());
        }
        String source = "cloudwatch " + namespace;
        String token = null;
        for (int pageNo = 0; pageNo < session.options().maxPages(); pageNo++) {
            String next = token;
            Optional<GetMetricDataResponse> page = calls.call("cloudwatch:GetMetricData",
                    "metrics " + namespace + " " + dimensions.values(),
                    o -> session.cloudWatch().getMetricData(b -> b.metricDataQueries(data).startTime(from).endTime(to)
                            .scanBy(ScanBy.TIMESTAMP_ASCENDING).nextToken(next).overrideConfiguration(o)));
            if (page.isEmpty()) {
                return;
            }
            for (MetricDataResult r : page.get().metricDataResults()) {
                Query q = byId.get(r.id());
                if (q == null) {
                    continue;
                }
                int n = Math.min(r.timestamps().size(), r.values().size());
                for (int i = 0; i < n; i++) {
                    Double v = r.values().get(i);
                    if (v == null || v.isNaN()) {
                        continue;
                    }
                    Map<String, String> attrs = new LinkedHashMap<>(dimensions);
                    attrs.put("statistic", q.statistic());
                    attrs.put("namespace", namespace);
                    attrs.put("period", Integer.toString(PERIOD_SECONDS));
                    calls.out().add(new MetricSample(r.timestamps().get(i), source, q.metric(), v, q.unit(), attrs));
                }
            }
            token = page.get().nextToken();
            if (token == null || token.isEmpty()) {
                return;
            }
        }
    }
}
