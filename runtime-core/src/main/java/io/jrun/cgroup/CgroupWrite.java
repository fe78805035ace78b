package io.jrun.cgroup;

/**
 * One value to write into one cgroup file. controller names the v1 hierarchy ("memory"), or is
 * empty on v2; field is the config.json field it comes from, for error messages.
 */
public record CgroupWrite(String controller, String file, String value, String field) {
    public static CgroupWrite v1(String controller, String file, Object value, String field) {
        return new CgroupWrite(controller, file, String.valueOf(value), field);
    }

    public static CgroupWrite v2(String file, Object value, String field) {
        return new CgroupWrite("", file, String.valueOf(value), field);
    }
}
