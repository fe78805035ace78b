package io.jrun.spec;

import com.fasterxml.jackson.annotation.JacksonAnnotationsInside;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A uint64 component: 0..2^64-1 in JSON, the same 64 bits in a Java long ({@link Uint64}). The
 * spec's reader ({@link RecordReader}) has them in a table (checked against this annotation by its
 * test); databind, which writes config.json, sees the serializers inside.
 */
@Target({ElementType.METHOD, ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@JacksonAnnotationsInside
@JsonDeserialize(using = Uint64.Deserializer.class)
@JsonSerialize(using = Uint64.Serializer.class)
@interface Unsigned {}
