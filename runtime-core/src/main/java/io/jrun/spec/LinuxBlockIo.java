package io.jrun.spec;

import java.util.List;

/** {@code linux.resources.blockIO}; weights are uint16. */
@SpecObject
public record LinuxBlockIo(
        Integer weight,
        Integer leafWeight,
        @OmitEmpty List<LinuxWeightDevice> weightDevice,
        @OmitEmpty List<LinuxThrottleDevice> throttleReadBpsDevice,
        @OmitEmpty List<LinuxThrottleDevice> throttleWriteBpsDevice,
        @OmitEmpty List<LinuxThrottleDevice> throttleReadIOPSDevice,
        @OmitEmpty List<LinuxThrottleDevice> throttleWriteIOPSDevice) {

    public LinuxBlockIo {
        weightDevice = Copy.list(weightDevice);
        throttleReadBpsDevice = Copy.list(throttleReadBpsDevice);
        throttleWriteBpsDevice = Copy.list(throttleWriteBpsDevice);
        throttleReadIOPSDevice = Copy.list(throttleReadIOPSDevice);
        throttleWriteIOPSDevice = Copy.list(throttleWriteIOPSDevice);
    }
}
