package io.jrun.spec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.math.BigInteger;

/**
 * uint64 spec fields (rlimits, seccomp argument values, cpu shares...) are held in a Java {@code long}
 * as the same 64 bits, so 18446744073709551615 (RLIM_INFINITY) reads as -1. Compare such values with
 * {@link Long#compareUnsigned} and print them with {@link Long#toUnsignedString}.
 */
public final class Uint64 {
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    private Uint64() {}

    /** The value as JSON writes it: unsigned decimal. */
    public static String toString(long value) {
        return Long.toUnsignedString(value);
    }

    /** Accepts only JSON integers in 0..2^64-1; null or absent is an error for a primitive component. */
    public static final class Deserializer extends StdDeserializer<Long> implements ContextualDeserializer {
        private final boolean primitive;

        public Deserializer() {
            this(false);
        }

        private Deserializer(boolean primitive) {
            super(Long.class);
            this.primitive = primitive;
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property) {
            boolean prim = property != null && property.getType().isPrimitive();
            return prim == primitive ? this : new Deserializer(prim);
        }

        @Override
        public Long deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
                return (Long) ctxt.handleUnexpectedToken(Long.class, p);
            }
            BigInteger v = p.getBigIntegerValue();
            if (v.signum() < 0 || v.compareTo(TWO_64) >= 0) {
                throw ctxt.weirdNumberException(v, Long.class, "out of range for uint64");
            }
            return v.longValue();
        }

        @Override
        public Long getNullValue(DeserializationContext ctxt) throws JsonMappingException {
            if (primitive && ctxt.isEnabled(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)) {
                return ctxt.reportInputMismatch(this, "Cannot map `null` into type long");
            }
            return primitive ? 0L : null;
        }
    }

    /** Writes the long as an unsigned decimal number. */
    public static final class Serializer extends StdSerializer<Long> {
        public Serializer() {
            super(Long.class);
        }

        @Override
        public void serialize(Long value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (value >= 0) {
                gen.writeNumber(value);
            } else {
                gen.writeNumber(new BigInteger(Long.toUnsignedString(value)));
            }
        }
    }
}
