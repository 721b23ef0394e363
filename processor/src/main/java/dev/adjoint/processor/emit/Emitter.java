package dev.adjoint.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.MethodSpec;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Kind;
import dev.adjoint.processor.ir.MethodInfo;
import java.util.Map;

/** Writes one generated kind of a companion method, from the IR of the kinds made for it. */
@FunctionalInterface
public interface Emitter {
  /**
   * @param m the original method
   * @param made the IR of every kind computed for it, by kind
   * @param owner the original method's class
   */
  MethodSpec emit(MethodInfo m, Map<Kind, Function> made, ClassName owner);
}
