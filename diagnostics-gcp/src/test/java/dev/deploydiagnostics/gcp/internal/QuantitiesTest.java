package dev.deploydiagnostics.gcp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class QuantitiesTest {

    @Property
    void binarySuffixesMultiplyByPowersOfTwo(@ForAll @LongRange(min = 0, max = 1_000_000) long n) {
        assertThat(Quantities.bytes(n + "Ki")).contains(n << 10);
        assertThat(Quantities.bytes(n + "Mi")).contains(n << 20);
        assertThat(Quantities.bytes(n + "Gi")).contains(n << 30);
    }

    @Property
    void decimalSuffixesMultiplyByPowersOfTen(@ForAll @LongRange(min = 0, max = 1_000_000) long n) {
        assertThat(Quantities.bytes(n + "M")).contains(n * 1_000_000);
        assertThat(Quantities.bytes(n + "G")).contains(n * 1_000_000_000);
        assertThat(Quantities.bytes(Long.toString(n))).contains(n);
    }

    @Property
    void unknownTextIsNeverAQuantity(@ForAll @AlphaChars @StringLength(min = 1, max = 12) String text) {
        assertThat(Quantities.bytes(text)).isEmpty();
    }

    @Test
    void readsFractionsAsCloudRunWritesThem() {
        assertThat(Quantities.bytes("1.5Gi")).contains(1536L * 1024 * 1024);
        assertThat(Quantities.bytes("512Mi")).contains(512L * 1024 * 1024);
        assertThat(Quantities.bytes("12 parsecs")).isEmpty();
    }
}
