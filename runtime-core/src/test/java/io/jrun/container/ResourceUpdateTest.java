package io.jrun.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jrun.spec.LinuxDeviceCgroup;
import io.jrun.spec.LinuxResources;
import io.jrun.testing.Resources;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** update's rule: absent or 0 keeps the stored value, anything else replaces it. */
class ResourceUpdateTest {
    private static final LinuxResources STORED = Resources.of("""
            {'devices': [{'allow': false, 'access': 'rwm'}],
             'memory': {'limit': 67108864, 'reservation': 33554432, 'swap': 134217728, 'swappiness': 60},
             'cpu': {'shares': 512, 'quota': 50000, 'period': 100000, 'cpus': '0-1', 'mems': '0'},
             'pids': {'limit': 100},
             'blockIO': {'weight': 500, 'throttleReadBpsDevice': [{'major': 8, 'minor': 0, 'rate': 1048576}]},
             'hugepageLimits': [{'pageSize': '2MB', 'limit': 209715200}],
             'unified': {'memory.high': '1', 'io.weight': 'default 10'}}""");

    private static LinuxResources merge(String update) {
        return ResourceUpdate.merge(STORED, Resources.of(update));
    }

    @Test
    void anEmptyUpdateKeepsEverything() {
        assertEquals(STORED, merge("{}"));
        assertEquals(STORED, ResourceUpdate.merge(STORED, null));
    }

    @Test
    void zerosAndNullsKeepTheStoredValues() {
        LinuxResources r = merge("""
                {'memory': {'limit': 0, 'reservation': 0, 'swap': 0},
                 'cpu': {'shares': 0, 'quota': 0, 'period': 0, 'cpus': '', 'mems': ''},
                 'pids': {'limit': 0},
                 'blockIO': {'weight': 0}}""");
        assertEquals(STORED.memory(), r.memory());
        assertEquals(STORED.cpu(), r.cpu());
        assertEquals(STORED.pids(), r.pids());
        assertEquals(STORED.blockIO(), r.blockIO());
        assertEquals(STORED, merge("{'memory': {}, 'cpu': {}, 'pids': {}, 'blockIO': {}}"));
    }

    @Test
    void nonZeroValuesReplace() {
        LinuxResources r = merge("""
                {'memory': {'limit': 268435456, 'swap': -1},
                 'cpu': {'quota': -1, 'cpus': '2-3'},
                 'pids': {'limit': -1},
                 'blockIO': {'weight': 900}}""");
        assertEquals(268435456L, r.memory().limit());
        assertEquals(-1L, r.memory().swap());
        assertEquals(33554432L, r.memory().reservation(), "kept");
        assertEquals(60L, r.memory().swappiness(), "kept");
        assertEquals(-1L, r.cpu().quota());
        assertEquals(512L, r.cpu().shares(), "kept");
        assertEquals(100000L, r.cpu().period(), "kept");
        assertEquals("2-3", r.cpu().cpus());
        assertEquals("0", r.cpu().mems(), "kept");
        assertEquals(-1L, r.pids().limit());
        assertEquals(900, r.blockIO().weight());
        assertEquals(STORED.blockIO().throttleReadBpsDevice(), r.blockIO().throttleReadBpsDevice(), "kept");
    }

    @ParameterizedTest(name = "swappiness {0} -> {1}")
    @CsvSource(nullValues = "null", value = {"null, 60", "0, 0", "10, 10"})
    void swappinessZeroIsAValue(String update, long stored) {
        LinuxResources r = merge(update == null ? "{'memory': {}}" : "{'memory': {'swappiness': " + update + "}}");
        assertEquals(stored, r.memory().swappiness());
    }

    @Test
    void devicesOnlyWhenGiven() {
        assertEquals(STORED.devices(), merge("{'devices': []}").devices());
        List<LinuxDeviceCgroup> rules = merge("{'devices': [{'allow': true, 'type': 'c', 'major': 10, 'minor': 200, 'access': 'rwm'}]}")
                .devices();
        assertEquals(List.of(new LinuxDeviceCgroup(true, "c", 10L, 200L, "rwm")), rules, "the update's list replaces the stored one");
    }

    @Test
    void unifiedKeysAreMergedOneByOne() {
        assertEquals(Map.of("memory.high", "2", "io.weight", "default 10", "pids.max", "5"),
                merge("{'unified': {'memory.high': '2', 'pids.max': '5'}}").unified());
    }

    @Test
    void listsAreReplacedWhenGiven() {
        assertEquals(STORED.hugepageLimits(), merge("{}").hugepageLimits());
        assertEquals("1GB", merge("{'hugepageLimits': [{'pageSize': '1GB', 'limit': 0}]}").hugepageLimits().getFirst().pageSize());
    }

    @Test
    void nothingStored() {
        LinuxResources r = ResourceUpdate.merge(null, Resources.of("{'memory': {'limit': 1048576}, 'cpu': {'shares': 2}, 'pids': {'limit': 0}}"));
        assertEquals(1048576L, r.memory().limit());
        assertNull(r.memory().swap());
        assertEquals(2L, r.cpu().shares());
        assertNull(r.pids(), "0 is unset");
        assertEquals(List.of(), r.devices());
        LinuxResources blkio = ResourceUpdate.merge(LinuxResources.ofDevices(List.of()), Resources.of("{'blockIO': {'weight': 300}}"));
        assertEquals(300, blkio.blockIO().weight());
        assertEquals(LinuxResources.ofDevices(List.of()), ResourceUpdate.merge(null, null));
    }
}
