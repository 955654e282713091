package dev.deploydiagnostics.core.redact;

import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.LogLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RedactorTest {
    private final Redactor redactor = new Redactor();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "postgres://app:hunter2@db:5432/app | postgres://app:****@db:5432/app",
            "password=hunter2 user=app | password=**** user=app",
            "\"client_secret\": \"abc123def\" | \"client_secret\": \"****\"",
            "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.sig | Authorization: Bearer ****",
            "key AKIAIOSFODNN7EXAMPLE used | key AKIA**** used",
            "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY | aws_secret_access_key = ****",
            "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=bXlrZXk=;EndpointSuffix=core.windows.net | DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=****;EndpointSuffix=core.windows.net",
            "https://acct.blob.core.windows.net/c?sv=2022-11-02&sig=abcDEF%2Bxyz&se=2024 | https://acct.blob.core.windows.net/c?sv=2022-11-02&sig=****&se=2024",
            "token: ghp_abcdefghijklmnopqrstuvwxyz0123456789 | token: ****",
            "using ghp_abcdefghijklmnopqrstuvwxyz0123456789 now | using ghp_**** now",
            "api_key=AIzaSyA1234567890abcdefghijklmnopqrstu | api_key=****",
            "jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl end | jwt eyJ**** end",
    })
    void masksSecretsButKeepsTheirShape(String input, String expected) {
        assertThat(redactor.redact(input)).isEqualTo(expected);
    }

    @Test
    void leavesOrdinaryLinesAlone() {
        String line = "Back-off restarting failed container app in pod api-7d9 (exit code 137, OOMKilled)";
        assertThat(redactor.redact(line)).isEqualTo(line);
    }

    @Test
    void masksPrivateKeyBlocksSpreadOverLines() {
        EvidenceBundle b = EvidenceBundle.of(List.of(
                LogLine.of("f", "-----BEGIN RSA PRIVATE KEY-----"),
                LogLine.of("f", "MIIEowIBAAKCAQEA7Zq"),
                LogLine.of("f", "q8Zx0AbCdEf"),
                LogLine.of("f", "-----END RSA PRIVATE KEY-----"),
                LogLine.of("f", "after")));
        List<String> out = redactor.redact(b).logs().stream().map(LogLine::message).toList();
        assertThat(out).containsExactly("-----BEGIN RSA PRIVATE KEY-----", "****", "****",
                "****-----END RSA PRIVATE KEY-----", "after");
    }

    @Test
    void masksAGcpServiceAccountKeyOnOneLine() {
        String json = "{\"type\": \"service_account\", \"private_key_id\": \"0123456789abcdef0123456789abcdef01234567\", "
                + "\"private_key\": \"-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBg\\n-----END PRIVATE KEY-----\\n\"}";
        String out = redactor.redact(json);
        assertThat(out).doesNotContain("MIIEvQIBADANBg").doesNotContain("0123456789abcdef0123456789abcdef01234567");
        assertThat(out).contains("service_account");
    }
}
