package io.jrun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jrun.cli.TestFront.Result;
import io.jrun.container.ContainerView;
import io.jrun.state.Status;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListCommandTest {
    @TempDir
    Path tmp;

    private static ContainerView view(String id, int pid, Status status, String bundle, int owner) {
        return new ContainerView("1.3.0", id, status, pid, bundle, bundle + "/rootfs", "2025-01-02T03:04:05.123456789Z",
                owner, Map.of());
    }

    @Test
    void emptyRootListsNothing() {
        Result json = TestFront.run(tmp, "--root", tmp.resolve("none").toString(), "list", "--format", "json");
        assertEquals(0, json.code(), json.err());
        assertEquals("[]\n", json.out());
        Result table = TestFront.run(tmp, "--root", tmp.resolve("none").toString(), "list");
        assertEquals("ID          PID         STATUS      BUNDLE      CREATED     OWNER\n", table.out());
        Result quiet = TestFront.run(tmp, "--root", tmp.resolve("none").toString(), "list", "-q");
        assertEquals("", quiet.out());
    }

    @Test
    void tableColumnsAreAtLeast12WideWith3SpacesOfPadding() {
        String owner = Owners.name(4242);
        String table = ListCommand.table(List.of(
                view("c1", 42, Status.RUNNING, "/b", 4242),
                view("a-much-longer-id", 0, Status.STOPPED, "/srv/bundles/long", 4242)));
        List<String> lines = table.lines().toList();
        assertEquals(3, lines.size());
        // widths: ID 16+3=19, PID 12, STATUS 12, BUNDLE 17+3=20, CREATED 30+3=33, OWNER unpadded
        assertEquals(String.format("%-19s%-12s%-12s%-20s%-33s%s", "ID", "PID", "STATUS", "BUNDLE", "CREATED", "OWNER"),
                lines.get(0));
        assertEquals(String.format("%-19s%-12s%-12s%-20s%-33s%s", "c1", "42", "running", "/b",
                "2025-01-02T03:04:05.123456789Z", owner), lines.get(1));
        assertEquals("a-much-longer-id   0           stopped     /srv/bundles/long   "
                + "2025-01-02T03:04:05.123456789Z   " + owner, lines.get(2));
        assertTrue(table.endsWith("\n"));
    }

    @Test
    void aNameOfExactlyNineCharactersStillGetsTwelve() {
        String table = ListCommand.table(List.of(view("123456789", 1, Status.CREATED, "/b", 0)));
        assertTrue(table.lines().skip(1).findFirst().orElseThrow().startsWith("123456789   1           created     "));
        String ten = ListCommand.table(List.of(view("1234567890", 1, Status.CREATED, "/b", 0)));
        assertTrue(ten.lines().skip(1).findFirst().orElseThrow().startsWith("1234567890   1"), ten);
    }

    @Test
    void ownersAreNamesFromPasswdOrNumbers() {
        assertEquals("root", Owners.name(0));
        assertEquals("#2147483000", Owners.name(2147483000));
    }

    @Test
    void listShowsALiveContainer() throws Exception {
        Path root = tmp.resolve("root");
        LiveContainer.write(root, "c1", tmp.resolve("bundle"));
        Result json = TestFront.run(tmp, "--root", root.toString(), "list", "--format", "json");
        assertEquals(0, json.code(), json.err());
        JsonNode rows = new ObjectMapper().readTree(json.out());
        assertEquals(1, rows.size());
        assertEquals("c1", rows.get(0).get("id").asText());
        assertEquals("running", rows.get(0).get("status").asText());
        assertEquals(ProcessHandle.current().pid(), rows.get(0).get("pid").asLong());
        Result table = TestFront.run(tmp, "--root", root.toString(), "list");
        assertTrue(table.out().lines().skip(1).findFirst().orElseThrow().startsWith("c1          "
                + String.format("%-12s", ProcessHandle.current().pid()) + "running     "), table.out());
        Result quiet = TestFront.run(tmp, "--root", root.toString(), "list", "-q");
        assertEquals("c1\n", quiet.out());
    }
}
