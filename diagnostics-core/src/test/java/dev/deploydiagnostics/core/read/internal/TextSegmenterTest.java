package dev.deploydiagnostics.core.read.internal;

import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.core.read.ReadOptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TextSegmenterTest {

    private static EvidenceBundle segment(String text, long maxDocumentChars) {
        ReadSession session = new ReadSession(ReadOptions.DEFAULTS);
        TextSegmenter segmenter = new TextSegmenter(session, "in", maxDocumentChars);
        long n = 0;
        for (String line : text.split("\n", -1)) {
            segmenter.accept(line, ++n);
        }
        segmenter.finish();
        return session.build();
    }

    @Test
    void aJsonRecordWhoseMessageOpensLikeAPromptIsLogTextNotAHeading() {
        EvidenceBundle bundle = segment("{\"msg\":\"$ kubectl apply -f deploy.yaml\",\"level\":\"info\"}\n"
                + "{\"log\":\">oc error\\n\",\"stream\":\"stderr\"}", 1 << 20);

        assertThat(bundle.logs()).extracting(l -> l.message())
                .containsExactly("$ kubectl apply -f deploy.yaml", ">oc error");
        assertThat(bundle.logs()).allSatisfy(l -> assertThat(l.source()).isEqualTo("in"));
    }

    @Test
    void readsADocumentOverTheSizeCapAsTextLinesWithAGap() {
        StringBuilder doc = new StringBuilder("{\n  \"tasks\": [\n");
        for (int i = 0; i < 50; i++) {
            doc.append("    {\"taskArn\": \"arn:aws:ecs:us-east-1:1:task/c/t").append(i).append("\", \"lastStatus\": \"STOPPED\"},\n");
        }
        doc.append("    {\"taskArn\": \"arn:aws:ecs:us-east-1:1:task/c/last\", \"lastStatus\": \"STOPPED\"}\n  ]\n}\n");

        EvidenceBundle capped = segment(doc.toString(), 1000);
        EvidenceBundle whole = segment(doc.toString(), 1 << 20);

        assertThat(whole.states()).hasSize(51);
        assertThat(capped.states()).isEmpty();
        assertThat(capped.gaps()).singleElement().satisfies(g -> {
            assertThat(g.kind()).isEqualTo(CollectionGap.Kind.UNREADABLE);
            assertThat(g.reason()).contains("larger than 1000 characters");
        });
        assertThat(capped.logs()).hasSize((int) doc.toString().lines().count());
        assertThat(capped.logs().get(0).lineNumber()).isEqualTo(1);
    }

    @Test
    void takesPodContainerAndPreviousFromALogCommandHeading() {
        assertThat(TextSegmenter.logAttributes("kubectl logs api-7d9 -c app --previous -n prod --tail 200"))
                .containsEntry("pod", "api-7d9").containsEntry("container", "app").containsEntry("previous", "true")
                .containsEntry("namespace", "prod").hasSize(4);
        assertThat(TextSegmenter.logAttributes("kubectl logs deployment/api --since=1h"))
                .containsExactlyEntriesOf(java.util.Map.of("workload", "deployment/api"));
        assertThat(TextSegmenter.logAttributes("kubectl logs pod/api-7d9 app -p"))
                .containsEntry("pod", "api-7d9").containsEntry("container", "app").containsEntry("previous", "true");
        assertThat(TextSegmenter.logAttributes("aws logs tail /aws/lambda/orders-sync --since 10m"))
                .containsExactlyEntriesOf(java.util.Map.of("logGroup", "/aws/lambda/orders-sync"));
        assertThat(TextSegmenter.logAttributes("kubectl describe pod api")).isEmpty();
        assertThat(TextSegmenter.logAttributes(null)).isEmpty();
    }

    @Test
    void recognisesHeadingsButNotOrdinaryLines() {
        assertThat(TextSegmenter.headingName("$ kubectl logs api-7d9 --previous")).isEqualTo("kubectl logs api-7d9 --previous");
        assertThat(TextSegmenter.headingName("user@host:~$ aws ecs describe-tasks --cluster prod")).isEqualTo("aws ecs describe-tasks --cluster prod");
        assertThat(TextSegmenter.headingName("--- events ---")).isEqualTo("events");
        assertThat(TextSegmenter.headingName("## Logs:")).isEqualTo("Logs");
        assertThat(TextSegmenter.headingName("==> /var/log/app.log <==")).isEqualTo("/var/log/app.log");
        assertThat(TextSegmenter.headingName("---")).isNull();
        assertThat(TextSegmenter.headingName("2024-01-02 ERROR kubectl failed")).isNull();
        assertThat(TextSegmenter.headingName("docker: Error response from daemon")).isNull();
    }

    @Test
    void aHashCommentedLineThatMayNameAFailureIsTextNotAHeading() {
        // bats, shell scripts and the JVM's fatal error banner comment their output with '#'
        assertThat(TextSegmenter.headingName("# error: timed out waiting for the condition on pods/web-0")).isNull();
        assertThat(TextSegmenter.headingName("# java.lang.OutOfMemoryError: Java heap space")).isNull();
        assertThat(TextSegmenter.headingName("# A fatal error has been detected by the Java Runtime Environment:")).isNull();
        assertThat(TextSegmenter.headingName("## Pod events")).isEqualTo("Pod events");
    }
}
