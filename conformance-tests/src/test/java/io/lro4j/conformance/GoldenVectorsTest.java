package io.lro4j.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lro4j.api.LroConfig;
import io.lro4j.api.MergePolicy;
import io.lro4j.spi.Capability;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The shipped vectors parse, cover every case of lro-anchors.md §4 but 29, and malformed data is reported. */
class GoldenVectorsTest {

    @Test
    void everyCaseButTwentyNineIsShipped() {
        final List<GoldenVectors.Vector> vectors = GoldenVectors.load();
        final Set<Integer> cases = vectors.stream().map(v -> Integer.parseInt(v.id().replaceAll("[a-z]$", "")))
                .collect(Collectors.toCollection(TreeSet::new));
        final Set<Integer> want = new TreeSet<>();
        for (int i = 1; i <= 34; i++) {
            if (i != 29) {
                want.add(i);
            }
        }
        assertEquals(want, cases);
        assertEquals(vectors.size(), vectors.stream().map(GoldenVectors.Vector::id).distinct().count(), "unique ids");
        for (final GoldenVectors.Vector v : vectors) {
            assertTrue(!v.steps().isEmpty() && (!v.outs().isEmpty() || !v.detectable().isEmpty()),
                    () -> "case " + v.id() + " has frames and expectations");
        }
    }

    @Test
    void aVectorWithAnInBandTagNeedsEthernet() {
        final List<GoldenVectors.Vector> vectors = GoldenVectors.load();
        final List<String> tagged = vectors.stream().filter(v -> v.needs() == Capability.ETHERNET).map(GoldenVectors.Vector::id).toList();
        assertEquals(List.of("32"), tagged, "only case 32 sends 802.1Q frames");
        assertTrue(vectors.stream().allMatch(v -> v.needs() == null || v.needs() == Capability.ETHERNET));
        assertEquals(Capability.ETHERNET, GoldenVectors.parse(List.of("case 9x t", "rx 1 10 vlan=5", "out =1")).get(0).needs());
        assertEquals(null, GoldenVectors.parse(List.of("case 9x t", "rx 1 10", "out =1")).get(0).needs());
    }

    @Test
    void restrictionsAndConfigurationApply() {
        final GoldenVectors.Vector v = GoldenVectors.parse(List.of("case 9x title here", "only gro",
                "config maxDescriptors=2", "rx 1 10", "out =1")).get(0);
        assertEquals("case 9x: title here", v.displayName());
        assertTrue(v.skipReason(LroConfig.defaults()) != null, "inet-lro is skipped");
        final LroConfig gro = LroConfig.builder().policy(MergePolicy.GRO).build();
        assertEquals(null, v.skipReason(gro));
        assertEquals(2, v.configure(gro).maxDescriptors());
    }

    @Test
    void malformedLinesNameTheirNumber() {
        final IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> GoldenVectors.parse(List.of("case 1 x", "rx 1000 10 bogus=1")));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("bogus"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> GoldenVectors.parse(List.of("rx 1 1")));
        assertThrows(IllegalStateException.class, () -> GoldenVectors.parse(List.of("case 1 x", "rx 1 1 flags=Z")));
    }
}
