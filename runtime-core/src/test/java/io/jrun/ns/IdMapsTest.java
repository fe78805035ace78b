package io.jrun.ns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.jrun.error.InvalidSpecException;
import io.jrun.spec.DefaultSpec;
import io.jrun.spec.Spec;
import io.jrun.testing.SpecEdit;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IdMapsTest {
    private static final IdMaps.Caller USER_1000 = new IdMaps.Caller(1000, 1000, name -> Optional.empty());
    private static final IdMaps.Caller USER_1000_WITH_HELPERS =
            new IdMaps.Caller(1000, 1000, name -> Optional.of(Path.of("/usr/bin", name)));

    /** uid and gid mappings given as flat (container, host, size) triples. */
    private static Spec mapped(long[] uids, long[] gids) {
        return SpecEdit.linux(DefaultSpec.create(), l -> {
            fill(l.putArray("uidMappings"), uids);
            fill(l.putArray("gidMappings"), gids);
        });
    }

    private static void fill(ArrayNode a, long[] triples) {
        for (int i = 0; i < triples.length; i += 3) {
            a.addObject().put("containerID", triples[i]).put("hostID", triples[i + 1]).put("size", triples[i + 2]);
        }
    }

    private static String error(Spec s, IdMaps.Caller c) {
        return assertThrows(InvalidSpecException.class, () -> IdMaps.of(s, c)).getMessage();
    }

    @Test
    void rootWritesAnyMappingDirectly() {
        IdMaps m = IdMaps.of(mapped(new long[] {0, 100000, 1000, 1000, 5000, 10}, new long[] {0, 100000, 65536}), IdMaps.Caller.ROOT);
        assertEquals(new IdMaps("0 100000 1000\n1000 5000 10\n", "0 100000 65536\n", false, "", ""), m);
    }

    @Test
    void aUserMappingOnlyItselfWritesDirectlyAndDeniesSetgroups() {
        IdMaps m = IdMaps.of(mapped(new long[] {0, 1000, 1}, new long[] {0, 1000, 1}), USER_1000);
        assertEquals(new IdMaps("0 1000 1\n", "0 1000 1\n", true, "", ""), m);
    }

    @Test
    void aUserMappingMoreNeedsTheHelpers() {
        Spec s = mapped(new long[] {0, 1000, 1, 1, 100000, 65536}, new long[] {0, 1000, 1});
        assertEquals(new IdMaps("0 1000 1\n1 100000 65536\n", "0 1000 1\n", true, "/usr/bin/newuidmap", ""),
                IdMaps.of(s, USER_1000_WITH_HELPERS));
        assertEquals("linux.uidMappings: without root, mapping more than your own uid (1000) needs newuidmap"
                + " (Debian's package uidmap) and an entry in /etc/subuid", error(s, USER_1000));
        Spec gids = mapped(new long[] {0, 1000, 1}, new long[] {0, 100000, 65536});
        assertEquals(new IdMaps("0 1000 1\n", "0 100000 65536\n", false, "", "/usr/bin/newgidmap"),
                IdMaps.of(gids, USER_1000_WITH_HELPERS), "setgroups stays allowed when newgidmap writes gid_map");
    }

    @Test
    void badMappingsAreRefusedWithTheirField() {
        assertEquals("linux.gidMappings: a new user namespace needs gid mappings",
                error(mapped(new long[] {0, 1, 1}, new long[] {}), IdMaps.Caller.ROOT));
        assertEquals("linux.uidMappings[0].size: must be at least 1",
                error(mapped(new long[] {0, 1, 0}, new long[] {0, 1, 1}), IdMaps.Caller.ROOT));
        assertEquals("linux.uidMappings: ranges overlap on the container side (at 5)",
                error(mapped(new long[] {0, 100, 10, 5, 500, 10}, new long[] {0, 1, 1}), IdMaps.Caller.ROOT));
        assertEquals("linux.uidMappings: ranges overlap on the host side (at 105)",
                error(mapped(new long[] {0, 100, 10, 20, 105, 10}, new long[] {0, 1, 1}), IdMaps.Caller.ROOT));
        assertEquals("linux.uidMappings: container uid 0 is not mapped (init sets up the container as its root)",
                error(mapped(new long[] {1, 100, 10}, new long[] {0, 1, 1}), IdMaps.Caller.ROOT));
        assertEquals("linux.uidMappings[0]: the range goes past uid 4294967295",
                error(mapped(new long[] {0, 4294967295L, 2}, new long[] {0, 1, 1}), IdMaps.Caller.ROOT));
    }

    @Test
    void theProcessUserMustBeMapped() {
        Spec s = SpecEdit.edit(mapped(new long[] {0, 100000, 1000}, new long[] {0, 100000, 1000}),
                r -> r.withObject("/process").putObject("user").put("uid", 1000).put("gid", 0));
        assertEquals("process.user.uid: 1000 is not mapped by linux.uidMappings", error(s, IdMaps.Caller.ROOT));
        Spec groups = SpecEdit.edit(mapped(new long[] {0, 100000, 1000}, new long[] {0, 100000, 1000}),
                r -> r.withObject("/process").putObject("user").put("uid", 5).put("gid", 5)
                        .putArray("additionalGids").add(7).add(2000));
        assertEquals("process.user.additionalGids: 2000 is not mapped by linux.gidMappings", error(groups, IdMaps.Caller.ROOT));
    }
}
