package dev.adjoint.processor;

import com.sun.source.util.Trees;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import javax.annotation.processing.ProcessingEnvironment;

/**
 * javac's {@link Trees} for a processing environment, also when a build tool or an IDE hands the
 * processor its own wrapper around javac's environment: Gradle's incremental processing
 * ({@code IncrementalProcessingEnvironment}, which keeps javac's in a field) or a
 * {@link Proxy} whose handler keeps it. {@link Trees#instance} accepts javac's own class only.
 *
 * <p>The wrapped environment is found by type: a field declared as a {@code ProcessingEnvironment}
 * of the wrapper, of its superclasses, or of a proxy's handler, followed a few wrappers deep. Only
 * {@code Trees} is taken from what is found; the processor keeps using the environment it was
 * given, so a build tool still sees every file it writes and every message.
 */
final class CompilerTrees {
  /** Wrappers of wrappers are followed this deep; real ones nest one or two. */
  private static final int MAX_DEPTH = 4;

  private CompilerTrees() {}

  /** javac's trees for {@code env} or for an environment it wraps; null where there are none. */
  static Trees of(ProcessingEnvironment env) {
    return find(env, 0, new IdentityHashMap<>());
  }

  private static Trees find(Object env, int depth, Map<Object, Boolean> seen) {
    if (env == null || depth > MAX_DEPTH || seen.put(env, Boolean.TRUE) != null) {
      return null;
    }
    if (env instanceof ProcessingEnvironment processing) {
      try {
        return Trees.instance(processing);
      } catch (RuntimeException | LinkageError notJavacs) {
        // Not javac's own class (or no jdk.compiler at all): perhaps a wrapper of it.
      }
    }
    Object holder = Proxy.isProxyClass(env.getClass()) ? Proxy.getInvocationHandler(env) : env;
    for (Object wrapped : wrappedEnvironments(holder)) {
      Trees trees = find(wrapped, depth + 1, seen);
      if (trees != null) {
        return trees;
      }
    }
    return null;
  }

  /** The values of {@code holder}'s instance fields declared as processing environments. */
  private static List<Object> wrappedEnvironments(Object holder) {
    List<Object> out = new ArrayList<>();
    for (Class<?> c = holder.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field field : c.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers())
            || !ProcessingEnvironment.class.isAssignableFrom(field.getType())) {
          continue;
        }
        try {
          field.setAccessible(true);
          out.add(field.get(holder));
        } catch (RuntimeException | IllegalAccessException closed) {
          // A module that does not open the wrapper's package: this field stays unread.
        }
      }
    }
    return out;
  }
}
