package dev.deploydiagnostics.core.read.internal;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class QuantitiesTest {

    @ParameterizedTest
    @CsvSource({
        "512Mi, 536870912",
        "1Gi, 1073741824",
        "1.5Gi, 1610612736",
        "500M, 500000000",
        "128974848, 128974848",
        "129e6, 129000000",
        "123k, 123000",
        "64Ki, 65536",
        "1500m, 2",
    })
    void parsesKubernetesMemoryQuantitiesToBytes(String quantity, long bytes) {
        assertThat(Quantities.bytes(quantity)).contains(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Mi", "-1Gi", "12 Mi", "1.2.3Gi", "1Zi", "99999999999Ei"})
    void rejectsInvalidOrOverflowingQuantities(String quantity) {
        assertThat(Quantities.bytes(quantity)).isEmpty();
    }

    @Property
    void binarySuffixesMultiplyByPowersOfTwo(@ForAll @IntRange(max = 1_000_000) int n) {
        assertThat(Quantities.bytes(n + "Mi")).contains((long) n << 20);
        assertThat(Quantities.bytes(n + "Ki")).contains((long) n << 10);
        assertThat(Quantities.bytes(n + "G")).contains(n * 1_000_000_000L);
    }
}
