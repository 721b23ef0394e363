package dev.adjoint.processor.ir;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A method in the IR: the original {@code @Differentiable} method as read, or a generated one.
 *
 * @param name the method's name
 * @param params its parameters, in order
 * @param returnType what it returns
 * @param body its statements
 * @param notes the source line and text of statements read from source (by identity)
 */
public record Function(
    String name,
    List<Variable> params,
    Type returnType,
    List<Stmt> body,
    Map<Stmt, SourceNote> notes) {

  public Function {
    params = List.copyOf(params);
    body = List.copyOf(body);
    IdentityHashMap<Stmt, SourceNote> copy = new IdentityHashMap<>(notes);
    notes = copy;
  }

  public Function withBody(List<Stmt> newBody) {
    return new Function(name, params, returnType, newBody, notes);
  }

  public SourceNote noteOf(Stmt stmt) {
    return notes.get(stmt);
  }
}
