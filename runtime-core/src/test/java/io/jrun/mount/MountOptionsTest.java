package io.jrun.mount;

import static io.jrun.mount.MountFlags.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MountOptionsTest {
    @Test
    void flagsAreSet() {
        MountOptions o = MountOptions.parse(List.of("nosuid", "noexec", "nodev", "relatime", "ro"));
        assertEquals(MS_NOSUID | MS_NOEXEC | MS_NODEV | MS_RELATIME | MS_RDONLY, o.flags());
        assertEquals(List.of(), o.propagation());
        assertEquals("", o.data());
    }

    @Test
    void laterOptionsClearEarlierFlags() {
        assertEquals(0, MountOptions.parse(List.of("ro", "rw")).flags());
        assertEquals(MS_RDONLY, MountOptions.parse(List.of("rw", "ro")).flags());
        assertEquals(MS_NODEV, MountOptions.parse(List.of("nosuid", "nodev", "suid")).flags());
        assertEquals(0, MountOptions.parse(List.of("noexec", "exec", "noatime", "atime", "sync", "async")).flags());
        assertEquals(0, MountOptions.parse(List.of("strictatime", "nostrictatime", "relatime", "norelatime")).flags());
        assertEquals(0, MountOptions.parse(List.of("defaults")).flags());
    }

    @Test
    void unknownOptionsBecomeTheDataString() {
        MountOptions o = MountOptions.parse(List.of("nosuid", "strictatime", "mode=755", "size=65536k"));
        assertEquals(MS_NOSUID | MS_STRICTATIME, o.flags());
        assertEquals("mode=755,size=65536k", o.data());
        assertEquals("newinstance,ptmxmode=0666,mode=0620,gid=5",
                MountOptions.parse(List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")).data());
    }

    @Test
    void propagationIsAList() {
        MountOptions o = MountOptions.parse(List.of("rbind", "rprivate", "ro", "shared", "runbindable"));
        assertEquals(List.of(MS_PRIVATE | MS_REC, MS_SHARED, MS_UNBINDABLE | MS_REC), o.propagation());
        assertEquals(MS_BIND | MS_REC | MS_RDONLY, o.flags());
        assertEquals(0, o.flags() & PROPAGATION, "propagation is never part of the mount flags");
    }

    @Test
    void bindAndRemountFlags() {
        MountOptions bind = MountOptions.parse(List.of("bind", "ro", "nosuid"));
        assertTrue(bind.isBind());
        assertEquals(MS_RDONLY | MS_NOSUID, bind.remountFlags());
        MountOptions rbind = MountOptions.parse(List.of("rbind"));
        assertTrue(rbind.isBind());
        assertEquals(0, rbind.remountFlags());
        assertFalse(MountOptions.parse(List.of("ro")).isBind());
        assertEquals(0, MountOptions.parse(List.of("remount", "bind")).remountFlags());
    }

    @Test
    void propagationOfRootfsPropagationValues() {
        assertEquals(0, MountOptions.propagationOf(null));
        assertEquals(0, MountOptions.propagationOf(""));
        assertEquals(MS_SHARED, MountOptions.propagationOf("shared"));
        assertEquals(MS_SLAVE | MS_REC, MountOptions.propagationOf("rslave"));
        assertEquals(MS_PRIVATE, MountOptions.propagationOf("private"));
        assertThrows(IllegalArgumentException.class, () -> MountOptions.propagationOf("bogus"));
    }

    @Test
    void flagValuesAreTheKernels() {
        assertEquals(0x1000, MS_BIND);
        assertEquals(0x4000, MS_REC);
        assertEquals(0x20, MS_REMOUNT);
        assertEquals(0x40000, MS_PRIVATE);
        assertEquals(0x80000, MS_SLAVE);
        assertEquals(0x100000, MS_SHARED);
        assertEquals(0x20000, MS_UNBINDABLE);
        assertEquals(0x1000000, MS_STRICTATIME);
    }
}
