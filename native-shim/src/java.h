/* Starting the Java brain's JVM from the jlinked runtime in <home>. */
#ifndef JRUN_JAVA_H
#define JRUN_JAVA_H

/* execve's <home>/runtime/bin/java with the flags of <home>/lib/jvm.options, then flags (NULL-
 * terminated, or NULL), the AOT cache, the brain's jars, main_class and its args (NULL-terminated,
 * or NULL), in a clean environment. Returns only on failure (errno set). */
void exec_java(const char *home, char *const flags[], const char *main_class, char *const args[]);

#endif
