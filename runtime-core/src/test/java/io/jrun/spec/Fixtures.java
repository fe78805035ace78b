package io.jrun.spec;

import java.nio.charset.StandardCharsets;

/** config.json documents shared by the tests. */
final class Fixtures {
    private Fixtures() {}

    /** A config as runc/containerd write it, touching every part of the model, plus unknown extensions. */
    static final String FULL = """
            {
              "ociVersion": "1.3.0",
              "x-vendor-extension": {"anything": [1, "two", null]},
              "process": {
                "terminal": true,
                "consoleSize": {"height": 25, "width": 80},
                "user": {"uid": 1000, "gid": 1000, "umask": 18, "additionalGids": [5, 6]},
                "args": ["sh", "-c", "echo hi"],
                "env": ["PATH=/usr/bin:/bin", "TERM=xterm", "EMPTY="],
                "cwd": "/home/user",
                "capabilities": {
                  "bounding": ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"],
                  "effective": ["CAP_KILL"],
                  "inheritable": [],
                  "permitted": ["CAP_KILL", "CAP_NET_BIND_SERVICE"],
                  "ambient": ["CAP_NET_BIND_SERVICE"]
                },
                "rlimits": [
                  {"type": "RLIMIT_NOFILE", "hard": 1024, "soft": 1024},
                  {"type": "RLIMIT_MEMLOCK", "hard": 18446744073709551615, "soft": 18446744073709551615}
                ],
                "noNewPrivileges": true,
                "apparmorProfile": "docker-default",
                "oomScoreAdj": -500,
                "scheduler": {"policy": "SCHED_DEADLINE", "nice": 0, "priority": 0, "flags": ["SCHED_FLAG_RESET_ON_FORK"],
                              "runtime": 10000000, "deadline": 20000000, "period": 30000000},
                "selinuxLabel": "system_u:system_r:svirt_lxc_net_t:s0:c124,c675",
                "ioPriority": {"class": "IOPRIO_CLASS_BE", "priority": 4},
                "execCPUAffinity": {"initial": "0", "final": "0-3"},
                "futureField": 42
              },
              "root": {"path": "rootfs", "readonly": true},
              "hostname": "box",
              "domainname": "example.org",
              "mounts": [
                {"destination": "/proc", "type": "proc", "source": "proc"},
                {"destination": "/dev", "type": "tmpfs", "source": "tmpfs",
                 "options": ["nosuid", "strictatime", "mode=755", "size=65536k"]},
                {"destination": "/data", "type": "bind", "source": "/srv/data", "options": ["rbind", "ro"],
                 "uidMappings": [{"containerID": 0, "hostID": 100000, "size": 65536}],
                 "gidMappings": [{"containerID": 0, "hostID": 100000, "size": 65536}]}
              ],
              "hooks": {
                "prestart": [{"path": "/usr/bin/fix-mounts", "args": ["fix-mounts", "arg1"], "env": ["key1=value1"]}],
                "createRuntime": [{"path": "/usr/bin/setup-network"}],
                "createContainer": [{"path": "/usr/bin/mount-hook", "timeout": 5}],
                "startContainer": [{"path": "/usr/bin/refresh-ldcache"}],
                "poststart": [{"path": "/usr/bin/notify-start", "timeout": 5}],
                "poststop": [{"path": "/usr/sbin/cleanup.sh", "args": ["cleanup.sh", "-f"]}]
              },
              "annotations": {"com.example.key1": "value1", "com.example.key2": "value2"},
              "linux": {
                "namespaces": [
                  {"type": "pid"}, {"type": "network", "path": "/var/run/netns/blue"}, {"type": "ipc"},
                  {"type": "uts"}, {"type": "mount"}, {"type": "user"}, {"type": "cgroup"}, {"type": "time"}
                ],
                "uidMappings": [{"containerID": 0, "hostID": 1000, "size": 32000}],
                "gidMappings": [{"containerID": 0, "hostID": 1000, "size": 32000}],
                "timeOffsets": {"monotonic": {"secs": 172800, "nanosecs": 0}, "boottime": {"secs": 604800}},
                "devices": [
                  {"path": "/dev/fuse", "type": "c", "major": 10, "minor": 229, "fileMode": 438, "uid": 0, "gid": 0},
                  {"path": "/dev/sda", "type": "b", "major": 8, "minor": 0, "fileMode": 432},
                  {"path": "/dev/myfifo", "type": "p"}
                ],
                "netDevices": {"eth1": {"name": "eth0"}, "ens4": {}},
                "cgroupsPath": "/myRuntime/myContainer",
                "resources": {
                  "devices": [
                    {"allow": false, "access": "rwm"},
                    {"allow": true, "type": "c", "major": 10, "minor": 229, "access": "rw"}
                  ],
                  "memory": {"limit": 536870912, "reservation": 536870912, "swap": -1, "kernel": -1,
                             "kernelTCP": -1, "swappiness": 0, "disableOOMKiller": false, "useHierarchy": true,
                             "checkBeforeUpdate": true},
                  "cpu": {"shares": 1024, "quota": 1000000, "burst": 100000, "period": 500000,
                          "realtimeRuntime": 950000, "realtimePeriod": 1000000, "cpus": "2-3", "mems": "0-7", "idle": 0},
                  "pids": {"limit": 32771},
                  "blockIO": {
                    "weight": 10, "leafWeight": 10,
                    "weightDevice": [{"major": 8, "minor": 0, "weight": 500, "leafWeight": 300},
                                     {"major": 8, "minor": 16, "weight": 500}],
                    "throttleReadBpsDevice": [{"major": 8, "minor": 0, "rate": 600}],
                    "throttleWriteBpsDevice": [{"major": 8, "minor": 0, "rate": 700}],
                    "throttleReadIOPSDevice": [{"major": 8, "minor": 0, "rate": 800}],
                    "throttleWriteIOPSDevice": [{"major": 8, "minor": 0, "rate": 900}]
                  },
                  "hugepageLimits": [{"pageSize": "2MB", "limit": 9223372036854772000}],
                  "network": {"classID": 1048577, "priorities": [{"name": "eth0", "priority": 500}]},
                  "rdma": {"mlx5_1": {"hcaHandles": 3, "hcaObjects": 10000}},
                  "unified": {"memory.high": "1073741824", "io.weight": "default 100"}
                },
                "rootfsPropagation": "rslave",
                "seccomp": {
                  "defaultAction": "SCMP_ACT_ALLOW",
                  "defaultErrnoRet": 1,
                  "architectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X32"],
                  "flags": ["SECCOMP_FILTER_FLAG_LOG"],
                  "listenerPath": "/run/seccomp-agent.socket",
                  "listenerMetadata": "metadata",
                  "syscalls": [
                    {"names": ["getcwd", "chmod"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38},
                    {"names": ["personality"], "action": "SCMP_ACT_ALLOW",
                     "args": [{"index": 0, "value": 4294967295, "op": "SCMP_CMP_EQ"},
                              {"index": 1, "value": 18446744073709551615, "valueTwo": 2, "op": "SCMP_CMP_MASKED_EQ"}]}
                  ]
                },
                "personality": {"domain": "LINUX32", "flags": []},
                "intelRdt": {"closID": "guaranteed_group", "schemata": ["L3:0=7f0"], "l3CacheSchema": "L3:0=7f0;1=1f",
                             "memBwSchema": "MB:0=20;1=70", "enableMonitoring": true},
                "memoryPolicy": {"mode": "MPOL_INTERLEAVE", "nodes": "0-3", "flags": ["MPOL_F_STATIC_NODES"]},
                "sysctl": {"net.ipv4.ip_forward": "1", "net.core.somaxconn": "256"},
                "maskedPaths": ["/proc/kcore", "/proc/latency_stats"],
                "readonlyPaths": ["/proc/sys"],
                "mountLabel": "system_u:object_r:svirt_sandbox_file_t:s0:c715,c811"
              }
            }
            """;

    /** The smallest config the validator accepts. */
    static final String MINIMAL = """
            {
              "ociVersion": "1.0.2",
              "root": {"path": "rootfs"},
              "process": {"user": {"uid": 0, "gid": 0}, "args": ["sh"], "cwd": "/"}
            }
            """;

    static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
