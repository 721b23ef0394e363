package dev.adjoint.processor.diag;

/**
 * Every diagnostic Adjoint reports, with a stable id that tests pin; one id means one problem, and
 * no text is written outside this catalogue. Each text says what is wrong and what the user can do
 * about it; {@code %s} slots are filled by the reporter's caller. All are errors except those
 * marked as warnings.
 */
public enum Message {
  NO_TREES(
      "ADJ001",
      "Adjoint needs javac's compiler trees; compile with javac or Maven/Gradle's javac. Adjoint"
          + " reads method bodies through com.sun.source.util.Trees, which this compiler's"
          + " processing environment (%s) does not give: Eclipse's compiler (ECJ) has none, and a"
          + " wrapper of javac's environment that Adjoint cannot see through hides them."),
  NO_SOURCE(
      "ADJ002",
      "Adjoint cannot read the body of %s: no source is available for it. Annotate methods in"
          + " sources that are being compiled."),
  INTERNAL(
      "ADJ003",
      "Adjoint failed with an internal error while differentiating %s (%s). This is a bug in"
          + " Adjoint; please report it with this method. Other methods are still processed."),
  TOO_DEEP(
      "ADJ004",
      "%s nests calls or expressions too deeply for Adjoint to differentiate (at most 100 nested"
          + " calls, 1000 nested expressions). Store parts of the expression in local variables."),
  TOO_LARGE(
      "ADJ005",
      "The generated %s would exceed the JVM's 64 KB limit on a method's bytecode. Split %s into"
          + " smaller methods%s."),
  TANGLED_RETURNS(
      "ADJ006",
      "The returns, breaks or continues of %s branch in too many ways for Adjoint to"
          + " differentiate compactly. Return (or leave a loop) from fewer places, for example by"
          + " assigning the result to a local and returning it once."),
  GENERATED_CLASH(
      "ADJ007",
      "The generated method %s for %s would have the same signature as one generated for %s."
          + " Rename one of the two methods."),
  COMPANION_NOT_WRITTEN(
      "ADJ008",
      "Adjoint could not write %s: %s. Is there a class of that name already? Rename it: Adjoint"
          + " generates that class for the @Differentiable methods of %s."),
  /** A warning: the derivatives are generated all the same. */
  STAGES_NOT_WRITTEN(
      "ADJ009",
      "Adjoint could not write the stages of %s to %s: %s. Point -Aadjoint.stages at a directory"
          + " that can be created or written."),
  GENERIC_RECEIVER(
      "ADJ010",
      "@Differentiable instance method %s is in a generic class, which Adjoint does not support"
          + " yet. Make the method static and pass what it reads as parameters."),
  RETURN_TYPE(
      "ADJ011",
      "@Differentiable method %s returns %s; it must return double, or double[] for a"
          + " vector-valued method (Jacobians)."),
  PRIVATE_VECTOR(
      "ADJ048",
      "@Differentiable method %s returns double[] and is private, but its generated Jacobian"
          + " calls it for the number of outputs. Make it package-private."),
  WRT_UNKNOWN(
      "ADJ012",
      "wrt names \"%s\", but %s has no parameter of that name (its parameters: %s)."),
  WRT_NOT_DOUBLE(
      "ADJ013",
      "wrt names \"%s\", which has type %s; only double and double[] parameters can be"
          + " differentiated. Remove it from wrt: it is then used as data."),
  NO_DIFFERENTIABLE_PARAMETER(
      "ADJ014",
      "@Differentiable method %s has no parameter to differentiate: give it a double parameter,"
          + " or name one in wrt."),
  PARAMETER_TYPE(
      "ADJ015",
      "Parameter %s of %s has type %s, which Adjoint does not support yet; use double or double[]"
          + " (to differentiate), or int, long, boolean, int[], String or an enum (as data), or an"
          + " object of a non-generic class of this compilation (to call its methods)."),
  NO_BODY(
      "ADJ016",
      "@Differentiable method %s has no body to differentiate. Annotate a static method with a"
          + " body instead."),
  PRIVATE_CLASS(
      "ADJ017",
      "@Differentiable method %s is in the private class %s, which its generated companion (a"
          + " top-level class) cannot name. Declare %s without `private`; package-private keeps it"
          + " out of your API."),
  WRT_DUPLICATE(
      "ADJ018",
      "wrt names \"%s\" more than once. Name each parameter once."),
  UNSUPPORTED_STATEMENT(
      "ADJ020",
      "%s is not supported in a @Differentiable method. Adjoint differentiates assignments,"
          + " if/else, switch, loops, return, throw and assert (calling Math functions only); move this"
          + " code out of the method."),
  LOOP(
      "ADJ021",
      "A return inside a loop of a method returning double[] is not supported. Store the result"
          + " in a local array, leave the loop with break, and return after it."),
  TRY(
      "ADJ022",
      "%s is not supported in a @Differentiable method: a derivative cannot depend on catching"
          + " exceptions. A method may throw a new unchecked exception whose constructor takes"
          + " strings and numbers, a message joined with + from string literals, String values"
          + " (constants, parameters, fields) and numbers:"
          + " throw new IllegalArgumentException(\"x must be positive: \" + x)."),
  SWITCH(
      "ADJ023",
      "This switch is not supported in a @Differentiable method: %s."),
  NEW_OBJECT(
      "ADJ030",
      "Object allocation (%s) is not supported in a @Differentiable method: it computes only with"
          + " double, int, long and boolean values. Create the object outside and pass in the"
          + " numbers it holds."),
  LAMBDA(
      "ADJ031",
      "Lambdas and method references are not supported in a @Differentiable method. Write the"
          + " computation inline, or as a separate @Differentiable method."),
  FIELD_WRITE(
      "ADJ032",
      "Writing field %s is not supported in a @Differentiable method: it must not change state."
          + " Use a local variable, and return what the caller needs."),
  CALL_NOT_DIFFERENTIABLE(
      "ADJ033",
      "Adjoint cannot differentiate the call to %s: Adjoint differentiates methods that return"
          + " double, and calls others only with arguments it computes with (double, int, long,"
          + " boolean, String, enums) that carry no derivative. If it is your method and its result"
          + " carries a derivative, make it return double (Adjoint then differentiates it from its"
          + " body); if its result is data (an int, a boolean), give it data only (numbers, or"
          + " arrays of them that it only reads); otherwise compute its result outside and pass it"
          + " in as a parameter."),
  CALL_DIFFERENTIABLE(
      "ADJ034",
      "The call to %s cannot be differentiated: %s."),
  CALL_ON_OTHER_OBJECT(
      "ADJ080",
      "The call to %s is made on an object the generated code cannot reach: it reaches the"
          + " method's receiver (this), the objects its fields hold (field.m(...)) and its object"
          + " parameters (p.m(...)), and locals initialised with one of these (Link l = link;), not"
          + " yet other locals, an enclosing instance or the result of a call. Call it on a field or"
          + " parameter holding the object, or compute the value outside and pass it in as a"
          + " parameter."),
  CALL_WITHOUT_SOURCE(
      "ADJ081",
      "Adjoint cannot differentiate the call to %s: it has no source in this compilation (it is"
          + " in a library compiled without Adjoint) and no derivative. Call it from a static"
          + " method of yours and give that wrapper a @GradientOf method beside it, or pass it only"
          + " values that do not depend on the differentiated parameters."),
  CALL_OVERRIDABLE(
      "ADJ082",
      "Adjoint cannot differentiate the call to %s: a subclass or an implementation may"
          + " override it, and the derivative would be that of the body written here. Make the"
          + " method final or private, or its class final; for a method of an interface or an"
          + " abstract class, declare the field or parameter holding the object with the type of a"
          + " final class of yours that implements it."),
  IMPLICIT_CALLEE_FAILED(
      "ADJ083",
      "The call to %s needs its derivative, which Adjoint generates from its body, but that body"
          + " cannot be differentiated (errors reported at its lines). Fix it as reported, give it a"
          + " @GradientOf method beside it, or pass it only values that do not depend on the"
          + " differentiated parameters."),
  INLINED_CALLEE_FAILED(
      "ADJ084",
      "The call to %s is read in place, its statements in this method, but its body cannot be"
          + " differentiated (errors reported at its lines). Fix it as reported, or compute each"
          + " component you need with a method returning double."),
  FIELD_READ_AFTER_CONDITIONAL_CALL(
      "ADJ085",
      "Field %s is read after a call that may change it and that runs only on some paths of the"
          + " same expression (a branch of ?:, the right of && or ||), which Adjoint cannot order"
          + " for its derivative code. Split the statement: compute the part with that call into a"
          + " local in a statement of its own (int k = c ? next() : 1;) and read the field in"
          + " the next."),
  FIELD_ELEMENT_READ_ON_SOME_PATHS(
      "ADJ086",
      "An element of the array field %s is read on some paths of an expression only (a branch of"
          + " ?:, the right of && or ||), in a method whose calls may change it (a call made as a"
          + " statement, or a helper that writes fields): Adjoint reads such elements into locals"
          + " before the statement, which could throw where the original does not. Read it in an"
          + " if/else instead (double w = 0; if (i < data.length) { w = data[i]; })."),
  FIELD_READ_IN_LOOP_UPDATE(
      "ADJ087",
      "The update of this loop computes a number from field %s, which a call in the method may"
          + " change; the update has no place to keep the value it read for the derivative code."
          + " Move that assignment from the update to the end of the loop body (and before each"
          + " continue)."),
  LOCAL_ALIAS(
      "ADJ088",
      "The local %s holds a %s, which a @Differentiable method keeps only as another name for"
          + " what it is initialised with: initialise it with a parameter, a final field, a"
          + " constant or a literal, and assign it nothing else (declare another local instead),"
          + " or use the value where the local is used."),
  NO_DERIVATIVE_RULE(
      "ADJ035",
      "%s has no derivative rule in Adjoint. Use a function with a derivative, or compute this"
          + " value outside and pass it in as a parameter."),
  RANDOM(
      "ADJ036",
      "%s is random, not a function of the method's inputs, so it has no derivative. Draw the"
          + " random numbers outside and pass them in as parameters."),
  VALUE_TYPE(
      "ADJ037",
      "Values of type %s are not supported in a @Differentiable method; use double (or int, long,"
          + " boolean for data)."),
  ARRAY(
      "ADJ038",
      "Not supported: %s. A @Differentiable method reads the elements and lengths of its array"
          + " parameters and of local arrays made with new double[n] or new double[rows][columns]"
          + " (also inside loops), and writes the elements of those local arrays."),
  ASSIGNMENT_AS_VALUE(
      "ADJ039",
      "%s is used as a value; Adjoint needs each assignment as a statement of its own, and ++ or"
          + " -- used as a value on a local variable that the rest of its statement does not"
          + " name, in a statement, declaration, return or if condition, where Java runs it"
          + " exactly once (not in a loop's header, nor the right of && or ||, nor a branch of"
          + " ?:). Write it as a statement of its own."),
  PRIVATE_FIELD(
      "ADJ040",
      "Field %s is in the private class %s, which the generated companion class (a top-level"
          + " class) cannot name to read the field. Declare %s without `private`; package-private"
          + " keeps it out of your API."),
  INSTANCE_FIELD(
      "ADJ041",
      "Field %s belongs to another object than the method's receiver, which the derivative"
          + " cannot reach. Pass its value in as a parameter."),
  UNSUPPORTED_EXPRESSION(
      "ADJ042",
      "%s is not supported in a @Differentiable method. Compute it outside and pass the result"
          + " in as a parameter."),
  CALL_ARGUMENT_NOT_WRT(
      "ADJ044",
      "Line %s passes a value that depends on the differentiated parameters to parameter \"%s\" of"
          + " %s, which is not differentiated there. Add \"%s\" to that method's wrt, or pass a value"
          + " that does not depend on them."),
  GRADIENT_OF(
      "ADJ045",
      "@GradientOf(\"%s\") on %s: %s. A gradient of static double f(P...) is static double"
          + " name(P..., double[] grad), returning f's value and writing the partial derivatives"
          + " with respect to f's double parameters, in order, into grad."),
  HESSIAN_VECTOR_OF(
      "ADJ047",
      "@HessianVectorOf(\"%s\") on %s: %s. A Hessian-vector product of static double f(P...) is"
          + " static double name(P..., double[] v, double[] grad, double[] hv), returning f's value,"
          + " writing its gradient into grad and its Hessian times v into hv."),
  DERIVATIVE_OF(
      "ADJ049",
      "@DerivativeOf(\"%s\") on %s: %s. A hand-optimised derivative is a copy of the generated"
          + " method, static, in the same class as the @Differentiable method it names, with the"
          + " same parameters."),
  HESSIAN_ROUTE(
      "ADJ050",
      "@Differentiable(hessian = %s) on %s: %s. Leave hessian as AUTO (the default), which takes"
          + " the route the method has%s."),
  VECTOR_CALL(
      "ADJ089",
      "Line %s calls %s, a @Differentiable method returning double[] that is not read in place, so"
          + " its derivatives are its companion's Jacobian products, called with the same"
          + " arguments; but %s."),
  NO_SECOND_ORDER(
      "ADJ046",
      "The Hessian of %s needs the second derivatives of %s, which %s. Or generate first"
          + " derivatives only, with @Differentiable(order = 1) on %s."),
  ORDER(
      "ADJ019",
      "order = %s on %s: it must be 1 (gradient and directional derivative) or 2 (also"
          + " Hessian-vector products and Hessians)."),
  NOT_ASSIGNABLE(
      "ADJ043",
      "Only local variables and parameters can be assigned in a @Differentiable method, not %s."
          + " Assign to a local variable instead."),
  CHECKPOINT_LOOP(
      "ADJ070",
      "@Checkpointed on %s: %s. Label the loop to checkpoint (steps: for (...)) and name it in"
          + " loop = \"steps\", or leave loop empty when the method's own block has exactly one"
          + " loop; snapshots must be 1 or more."),
  CHECKPOINT_SHAPE(
      "ADJ071",
      "The checkpointed loop %s. Checkpointing runs a loop by its iteration count, known when it"
          + " starts: write it as for (int i = a; i < b; i++) (or <=, or i += c) with a and b not"
          + " changed in the loop, and leave it at its end only (store a flag instead of break)."),
  CHECKPOINT_STATE(
      "ADJ072",
      "The checkpointed loop writes %s, which %s. Its snapshots hold the double, int and boolean"
          + " variables and the double[] arrays the loop changes; %s.");

  private final String id;
  private final String template;

  Message(String id, String template) {
    this.id = id;
    this.template = template;
  }

  public String id() {
    return id;
  }

  /** The full text, id first, as javac shows it. */
  public String format(Object... args) {
    return "[" + id + "] " + String.format(template, args);
  }
}
