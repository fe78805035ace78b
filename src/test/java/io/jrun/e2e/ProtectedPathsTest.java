package io.jrun.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** linux.maskedPaths and linux.readonlyPaths, seen from inside the container. */
class ProtectedPathsTest extends ContainerTest {

    @Test
    void aMaskedFileReadsAsTheNullDeviceAndAMaskedDirectoryIsEmpty() {
        // Unmasked first, so that the masked run below cannot pass on a host without these files.
        Bundle open = bundle().sh("wc -c < /proc/timer_list; ls -A /sys/firmware | wc -l");
        open.linux().putArray("maskedPaths");
        List<String> unmasked = runOk(open).lines().map(String::strip).toList();
        assertThat(Long.parseLong(unmasked.get(0))).as("/proc/timer_list unmasked").isPositive();
        assertThat(Long.parseLong(unmasked.get(1))).as("entries of /sys/firmware unmasked").isPositive();

        Bundle b = bundle().sh("wc -c < /proc/timer_list; stat -c %t,%T /proc/timer_list; ls -A /sys/firmware | wc -l;"
                + " touch /sys/firmware/x 2>&1; echo keep > /proc/timer_list && echo written");
        b.linux().putArray("maskedPaths").add("/proc/timer_list").add("/sys/firmware").add("/proc/no-such-file");
        List<String> out = runOk(b).lines().map(String::strip).toList();
        assertEquals("0", out.get(0), "masked file is empty: " + out);
        assertEquals("1,3", out.get(1), "masked file is the null device: " + out);
        assertEquals("0", out.get(2), "masked directory is empty: " + out);
        assertThat(out.get(3)).contains("Read-only file system");
        assertEquals("written", out.get(4), "writes to a masked file go nowhere, as with runc");
    }

    @Test
    void aReadonlyPathAndItsSubmountsRefuseWrites() throws IOException {
        Bundle writable = bundleWithData();
        writable.linux().putArray("readonlyPaths");
        assertEquals(List.of("ok", "ok"), runOk(writable).lines().toList(), "writable without readonlyPaths");

        Bundle b = bundleWithData();
        b.linux().putArray("readonlyPaths").add("/data").add("/proc/sysrq-trigger").add("/no/such/dir");
        List<String> out = runOk(b).lines().toList();
        assertThat(out.get(0)).contains("/data/a").contains("Read-only file system");
        assertThat(out.get(1)).as("the submount is read-only too").contains("/data/sub/b").contains("Read-only file system");
    }

    @Test
    void theDefaultConfigProtectsProcAndSysctlsStillApply() {
        // The default config has /proc/sys read-only: a sysctl must still go in.
        Bundle b = bundle().sh("cat /proc/sys/net/ipv4/ip_forward; grep -E ' /proc/(sys|timer_list|keys) ' /proc/self/mountinfo");
        b.linux().putObject("sysctl").put("net.ipv4.ip_forward", "1");
        List<String> out = runOk(b).lines().toList();
        assertEquals("1", out.get(0));
        assertThat(out).anySatisfy(l -> assertThat(l).contains(" /proc/sys ").containsPattern(" ro[, ]"));
        assertThat(out).anySatisfy(l -> assertThat(l).contains(" /proc/keys "));
        assertThat(out).anySatisfy(l -> assertThat(l).contains(" /proc/timer_list "));
    }

    @Test
    void aLinkInTheRootfsIsFollowedInsideTheRootfs() throws IOException {
        // /etc/ro -> /data: resolved on the host it would be a missing /data and nothing happens.
        Bundle b = bundleWithData();
        Files.createSymbolicLink(b.dir.resolve("rootfs/etc/ro"), Path.of("/data"));
        b.linux().putArray("readonlyPaths").add("/etc/ro");
        assertThat(runOk(b).lines().toList().getFirst()).contains("Read-only file system");
    }

    @Test
    void aHostileDevNullInTheRootfsIsNotWhatMasksAreMadeOf() throws IOException {
        // Without a /dev tmpfs the rootfs's own /dev stays, and its null can be anything: a link to a
        // host file, or a plain file. Masks must still be the real null device (CVE-2025-31133).
        Path secret = Files.writeString(testDir.resolve("host-secret"), "host secret\n");
        for (boolean link : List.of(true, false)) {
            Bundle b = bundle().sh("cat /proc/timer_list; stat -c %F,%t,%T /proc/timer_list");
            removeMount(b, "/dev");
            Path devNull = b.dir.resolve("rootfs/dev/null");
            Files.createDirectories(devNull.getParent());
            Files.deleteIfExists(devNull);
            if (link) {
                Files.createSymbolicLink(devNull, secret);
            } else {
                Files.writeString(devNull, "container file\n");
            }
            b.linux().putArray("maskedPaths").add("/proc/timer_list");
            assertEquals(List.of("character special file,1,3"), runOk(b).lines().toList(), link ? "link" : "file");
        }
        assertEquals("host secret\n", Files.readString(secret));
    }

    /** A rootfs with a directory /data and a tmpfs on /data/sub; the process writes to both. */
    private Bundle bundleWithData() throws IOException {
        Bundle b = bundle().sh("touch /data/a 2>&1 && echo ok; touch /data/sub/b 2>&1 && echo ok; true");
        Files.createDirectories(b.dir.resolve("rootfs/data/sub"));
        b.mount("/data/sub", "tmpfs", "tmpfs", "size=1m");
        return b;
    }

    private static void removeMount(Bundle b, String destination) {
        for (Iterator<JsonNode> it = b.mounts().iterator(); it.hasNext(); ) {
            if (it.next().path("destination").asText().equals(destination)) {
                it.remove();
            }
        }
    }
}
