package dev.adjoint.processor;

import com.sun.source.tree.MethodTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.adjoint.processor.check.HessianRouteChecks;
import dev.adjoint.processor.check.LanguageFence;
import dev.adjoint.processor.check.MethodChecks;
import dev.adjoint.processor.check.NestingDepth;
import dev.adjoint.processor.check.Support;
import dev.adjoint.processor.diag.Message;
import dev.adjoint.processor.diag.Reporter;
import dev.adjoint.processor.diff.EdgeTaping;
import dev.adjoint.processor.diff.LoopFusion;
import dev.adjoint.processor.diff.NotDifferentiable;
import dev.adjoint.processor.diff.ReturnLifting;
import dev.adjoint.processor.diff.SecondOrderCalls;
import dev.adjoint.processor.emit.CompanionWriter.Derivatives;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Kind;
import dev.adjoint.processor.ir.Stmts;
import dev.adjoint.processor.ir.Variable;
import dev.adjoint.processor.read.MethodReader;
import dev.adjoint.processor.simplify.Simplifier;
import dev.adjoint.processor.simplify.WorkspaceArrays;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javax.annotation.processing.Messager;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;

/** One method through the stages: check, read, differentiate, simplify. Emission is per class. */
final class MethodPipeline {
  /**
   * Bytes of bytecode per unit of {@link Stmts#weight}, an upper estimate: measured 1.9 for long
   * runs of {@code x = Math.sin(x) * c + y} and 2.2 for chains of rational updates, with loads and
   * stores of 4 bytes once a method has over 255 locals. javac refuses methods over 65535 bytes.
   */
  private static final long BYTES_PER_NODE = 3;

  private static final long METHOD_LIMIT = 65_535;

  private final Trees trees;
  private final Elements elements;
  private final Messager messager;
  /** Where to write each method's stages ({@code -Aadjoint.stages=DIR}), or null. */
  private final java.nio.file.Path stagesDirectory;
  private final StringBuilder stages = new StringBuilder();
  private java.util.Set<String> userNames = java.util.Set.of();
  private final dev.adjoint.processor.check.Differentiables differentiables;
  /** The differentiable methods the processed method's body calls, once it has been read. */
  private java.util.Set<CallGraph.MethodRef> generatedCallees = java.util.Set.of();
  /** The differentiable methods whose recordings its {@code mHessianEdges} calls, if made. */
  private java.util.Set<CallGraph.MethodRef> recordingCallees = java.util.Set.of();

  MethodPipeline(
      Trees trees,
      Elements elements,
      Messager messager,
      java.nio.file.Path stagesDirectory,
      dev.adjoint.processor.check.Differentiables differentiables) {
    this.differentiables = differentiables;
    this.trees = trees;
    this.elements = elements;
    this.messager = messager;
    this.stagesDirectory = stagesDirectory;
  }

  /** Records what a stage produced, when stages are written. */
  private Function stage(String label, Function f) {
    if (stagesDirectory != null) {
      stages.append("// ").append(label).append('\n');
      stages.append(dev.adjoint.processor.emit.StagePrinter.print(f, userNames)).append('\n');
    }
    return f;
  }

  /** Records what the reverse sweep of {@code source} keeps and why, when stages are written. */
  private void planStage(Function source, List<Variable> wrt) {
    if (stagesDirectory == null) {
      return;
    }
    try {
      String plan =
          dev.adjoint.processor.emit.StagePrinter.printPlan(
              dev.adjoint.processor.diff.ReverseMode.plan(source, wrt), userNames);
      stages.append("// reverse sweep plan: ").append(source.name()).append('\n');
      stages.append(plan).append('\n');
    } catch (ReturnLifting.TooTangled | NotDifferentiable e) {
      // Reported when the gradient is made; no stages are written then.
    }
  }

  /** A gradient simplified, with the sweeps of the loops that allow it fused into one pass. */
  private static Function fused(Function gradient) {
    return Simplifier.simplify(LoopFusion.fuse(Simplifier.simplify(gradient)));
  }

  /** What a differentiator produced, before any simplification. */
  private Function raw(Function f) {
    return stage("after differentiation: " + f.name(), f);
  }

  /** A generated method simplified, with its arrays from the thread's workspace. */
  private Function emitted(Function f) {
    return stage(
        "after simplification: " + f.name() + ", as generated",
        WorkspaceArrays.pool(Simplifier.run(f)));
  }

  /** The user's hand-optimised derivatives of {@code method} ({@code @DerivativeOf}), by kind. */
  private static Map<Kind, String> handMethods(ExecutableElement method) {
    Map<Kind, String> names = new EnumMap<>(Kind.class);
    for (Kind k : Kind.values()) {
      ExecutableElement hand = k.isHandOptimisable() ? Support.handDerivative(method, k) : null;
      if (hand != null) {
        names.put(k, hand.getSimpleName().toString());
      }
    }
    return names;
  }

  /** The stages around the transforms, for one method. */
  private final class Sources implements Kinds.Sources {
    private final Function source;
    private final List<Variable> wrt;
    private final dev.adjoint.processor.ir.Checkpointing checkpointing;

    Sources(
        Function source, List<Variable> wrt, dev.adjoint.processor.ir.Checkpointing checkpointing) {
      this.source = source;
      this.wrt = wrt;
      this.checkpointing = checkpointing;
    }

    @Override
    public dev.adjoint.processor.ir.Checkpointing checkpointing() {
      return checkpointing;
    }

    @Override
    public Function source() {
      return source;
    }

    @Override
    public List<Variable> wrt() {
      return wrt;
    }

    @Override
    public Function raw(Function f) {
      return MethodPipeline.this.raw(f);
    }

    @Override
    public Function fused(Function gradient) {
      return MethodPipeline.fused(gradient);
    }

    @Override
    public Function emitted(Function f) {
      return MethodPipeline.this.emitted(f);
    }

    @Override
    public Function emitted(Function f, java.util.function.UnaryOperator<Function> lastStep) {
      return stage(
          "after simplification: " + f.name() + ", in lanes, as generated",
          WorkspaceArrays.pool(lastStep.apply(Simplifier.run(f))));
    }
  }

  /** Writes the stages recorded for {@code method} to {@code Class.method.txt}. */
  private void writeStages(ExecutableElement method, Reporter reporter) {
    if (stagesDirectory == null) {
      return;
    }
    TypeElement type = (TypeElement) method.getEnclosingElement();
    String name = type.getQualifiedName() + "." + method.getSimpleName();
    long overloads =
        type.getEnclosedElements().stream()
            .filter(e -> e.getSimpleName().contentEquals(method.getSimpleName()))
            .count();
    if (overloads > 1) {
      // Overloads get their parameter types, so that each has a file of its own.
      name +=
          method.getParameters().stream()
              .map(p -> p.asType().toString().replaceAll(".*\\.", ""))
              .collect(java.util.stream.Collectors.joining(",", "(", ")"));
    }
    java.nio.file.Path file = stagesDirectory.resolve(name + ".txt");
    try {
      java.nio.file.Files.createDirectories(stagesDirectory);
      java.nio.file.Files.writeString(file, stages);
    } catch (java.io.IOException e) {
      reporter.warning(method, Message.STAGES_NOT_WRITTEN, method.getSimpleName(), file, e);
    }
  }

  /** The differentiable methods the body of the method processed calls (once it was read). */
  java.util.Set<CallGraph.MethodRef> generatedCallees() {
    return generatedCallees;
  }

  /**
   * The differentiable methods whose recordings ({@code mHessianEdges}) the processed method's
   * recording calls; empty where it has none.
   */
  java.util.Set<CallGraph.MethodRef> recordingCallees() {
    return recordingCallees;
  }

  /** Reports {@code e} on the statement it concerns, or on {@code method}. */
  private static void report(NotDifferentiable e, ExecutableElement method, Reporter reporter) {
    if (e.note() != null && e.note().origin() instanceof com.sun.source.tree.Tree statement) {
      reporter.error(statement, e.message(), e.args());
    } else {
      reporter.error(method, e.message(), e.args());
    }
  }

  /** The derivatives of {@code method}, or null after reporting why there are none. */
  Derivatives process(ExecutableElement method) {
    TreePath path = trees.getPath(method);
    if (path == null || !(path.getLeaf() instanceof MethodTree tree)) {
      messager.printMessage(
          javax.tools.Diagnostic.Kind.ERROR,
          Message.NO_SOURCE.format(method.getSimpleName()),
          method);
      return null;
    }
    Reporter reporter = new Reporter(messager, trees, path.getCompilationUnit());
    if (tree.getBody() != null && !NestingDepth.isWithinLimits(tree.getBody())) {
      reporter.error(method, Message.TOO_DEEP, method.getSimpleName());
      return null;
    }
    List<VariableElement> wrt = MethodChecks.check(method, reporter);
    if (tree.getBody() == null) {
      // Abstract, native, or simply missing (javac reports that too, after processing).
      reporter.error(method, Message.NO_BODY, method.getSimpleName());
    } else {
      TypeElement receiverClass =
          method.getModifiers().contains(Modifier.STATIC)
              ? null
              : (TypeElement) method.getEnclosingElement();
      LanguageFence.check(
          new TreePath(path, tree.getBody()),
          trees,
          elements,
          reporter,
          Support.packageOf(method),
          receiverClass,
          wrt,
          differentiables);
    }
    dev.adjoint.processor.ir.Checkpointing checkpointing =
        dev.adjoint.processor.check.CheckpointChecks.request(method, tree, elements, reporter);
    if (!reporter.isClean()) {
      return null;
    }
    MethodReader.Result read;
    try {
      read = MethodReader.read(method, wrt, path, trees, elements, differentiables);
    } catch (NotDifferentiable e) {
      report(e, method, reporter);
      return null;
    }
    Function source = read.function();
    generatedCallees = CallGraph.generatedCallees(source);
    userNames = read.info().userNames();
    stage("after validation: " + method.getSimpleName() + ", as read", source);
    planStage(source, read.info().wrt());
    String name = method.getSimpleName().toString();
    boolean vector = source.returnType() == dev.adjoint.processor.ir.Type.DOUBLE_ARRAY;
    int order = differentiables.order(method);
    boolean implicit = differentiables.isImplicit(method);
    // An implicit method's derivatives serve its callers' derivatives only, which call these.
    List<Kind> kinds =
        Arrays.stream(Kind.values())
            .filter(k -> k.appliesTo(vector, order))
            .filter(
                k ->
                    !implicit
                        || k == Kind.GRADIENT
                        || k == Kind.HESSIAN_VECTOR
                        || k == Kind.HESSIAN_VECTORS
                        || k == Kind.SPARSITY
                        || k == Kind.HESSIAN_EDGES)
            // An overload whose sweep would take another's parameter types has none.
            .filter(k -> k != Kind.SPARSITY || !differentiables.sparsityCollides(method, elements))
            .toList();
    if ((kinds.contains(Kind.HESSIAN_VECTOR) || kinds.contains(Kind.VECTOR_HESSIAN_VECTOR))
        && !SecondOrderCalls.check(source, read.info().wrt(), name, method, reporter)) {
      return null;
    }
    Map<Kind, Function> made = new EnumMap<>(Kind.class);
    Kinds.Sources sources = new Sources(source, read.info().wrt(), checkpointing);
    try {
      for (Kind k : kinds) {
        Kinds.Transform transform = Kinds.transform(k);
        Function f = transform == null ? null : transform.make(sources, k.methodName(name));
        if (f != null) {
          made.put(k, f);
        }
      }
    } catch (ReturnLifting.TooTangled e) {
      reporter.error(method, Message.TANGLED_RETURNS, name);
      return null;
    } catch (NotDifferentiable e) {
      report(e, method, reporter);
      return null;
    }
    for (Map.Entry<Kind, Function> entry : made.entrySet()) {
      Function f = entry.getValue();
      if (Stmts.weight(f.body()) * BYTES_PER_NODE > METHOD_LIMIT) {
        String orOrderOne =
            entry.getKey().order() >= 2
                ? ", or generate first derivatives only with @Differentiable(order = 1)"
                : "";
        reporter.error(method, Message.TOO_LARGE, f.name(), name, orOrderOne);
        return null;
      }
    }
    Support.HessianRouteValue route = Support.hessianRoute(method);
    String noEdgeRoute = noEdgeRoute(kinds, made, source, read.info().wrt());
    if (!HessianRouteChecks.check(
        method, route, kinds.contains(Kind.HESSIAN_SPARSE), noEdgeRoute, reporter)) {
      return null;
    }
    if (made.containsKey(Kind.HESSIAN_EDGES)) {
      recordingCallees =
          EdgeTaping.recordedCallees(source, read.info().wrt()).stream()
              .map(c -> new CallGraph.MethodRef(c.owner(), c.name()))
              .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }
    writeStages(method, reporter);
    return new Derivatives(
        read.info().withHessianRoute(route.route(), noEdgeRoute), kinds, made, handMethods(method));
  }

  /**
   * Why a method whose sparse Hessian could have an edge-pushing route has none, with the
   * statement refused; null where it has one, or has no sparse Hessian.
   */
  private static String noEdgeRoute(
      List<Kind> kinds, Map<Kind, Function> made, Function source, List<Variable> wrt) {
    if (!kinds.contains(Kind.HESSIAN_EDGES) || made.containsKey(Kind.HESSIAN_EDGES)) {
      return null;
    }
    EdgeTaping.Refused refused = EdgeTaping.refusal(source, wrt);
    if (refused == null) {
      return "its recording could not be made";
    }
    return refused.getMessage()
        + (refused.where() == null ? "" : " (" + refused.where().comment() + ")");
  }
}
