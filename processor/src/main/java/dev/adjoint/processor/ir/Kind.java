package dev.adjoint.processor.ir;

import java.util.ArrayList;
import java.util.List;

/**
 * The registry of generated kinds: one entry per method a companion holds for a differentiable
 * method {@code m}, saying its name, the parameters it adds after {@code m}'s, which methods get it,
 * the first line of its Javadoc, and whether a user may hand-optimise it. Each kind is bound to the
 * transform that computes it and the emitter that writes it in {@code dev.adjoint.processor.Kinds}.
 *
 * <p>Callers find a callee's kinds by these names alone: a companion compiled earlier is called as
 * {@code mGradient(args..., partials)} or {@code mHessianVector(args..., direction, partials,
 * tangents)}, and its {@code @WithRespectTo} on the gradient says which parameters it covers.
 */
public enum Kind {
  /** {@code double mGradient(P..., double[] grad)}, by reverse mode. */
  GRADIENT(
      "Gradient",
      Applies.SCALAR,
      1,
      List.of(array("grad")),
      "Gradient of {@link $T#$L} with respect to $L, by reverse mode.",
      true),
  /** {@code double[] mGradient(P...)}: the gradient in a new array. */
  NEW_GRADIENT(
      "Gradient",
      Applies.SCALAR,
      1,
      List.of(),
      "Gradient of {@link $T#$L} with respect to $L, in a new array.",
      false),
  /** {@code double mDerivative(P..., double[] direction)}, by forward mode. */
  DERIVATIVE(
      "Derivative",
      Applies.SCALAR,
      1,
      List.of(array("direction")),
      "Directional derivative of {@link $T#$L} with respect to $L, by forward mode.",
      true),
  /** {@code double mHessianVector(P..., double[] v, double[] grad, double[] hv)}, forward over reverse. */
  HESSIAN_VECTOR(
      "HessianVector",
      Applies.SCALAR,
      2,
      List.of(array("v"), array("grad"), array("hv")),
      "Hessian of {@link $T#$L} with respect to $L times a vector, with the gradient, by forward mode"
          + " over the reverse-mode gradient.",
      true),
  /**
   * {@code double mHessianVectors(P..., double[][] vs, double[] grad, double[][] hvs)}: the
   * Hessian times each of {@code vs}, in one forward-over-reverse sweep whose tangents have one
   * lane per direction.
   */
  HESSIAN_VECTORS(
      "HessianVectors",
      Applies.SCALAR,
      2,
      List.of(matrix("vs"), array("grad"), matrix("hvs")),
      "Hessian of {@link $T#$L} with respect to $L times each of several vectors, with the"
          + " gradient, in one sweep of forward mode over the reverse-mode gradient.",
      false),
  /** {@code double[][] mHessian(P...)}: assembled from Hessian-vector products. */
  HESSIAN(
      "Hessian",
      Applies.SCALAR,
      2,
      List.of(),
      "Hessian of {@link $T#$L} with respect to $L, in a new array.",
      false),
  /**
   * {@code SparseHessian mHessianSparse(P...)}: the pattern for the arguments' shapes and data,
   * its colouring, and the values.
   */
  NEW_HESSIAN_SPARSE(
      "HessianSparse",
      Applies.SCALAR,
      2,
      List.of(),
      "Sparse Hessian of {@link $T#$L} with respect to $L, in a new matrix: its pattern for the"
          + " shapes and data of the arguments, a colouring of its columns, and its values.",
      false),
  /**
   * {@code double mHessianSparse(P..., double[] grad, SparseHessian h)}: {@code h}'s values
   * refilled in place from one {@code mHessianVectors} sweep along its colours.
   */
  HESSIAN_SPARSE(
      "HessianSparse",
      Applies.SCALAR,
      2,
      List.of(array("grad"), runtime("h", "SparseHessian")),
      "Sparse Hessian of {@link $T#$L} with respect to $L, refilled in place, with the gradient.",
      false),
  /** {@code double[] mJacobianVector(P..., double[] v, double[] jv)}, by forward mode. */
  JACOBIAN_VECTOR(
      "JacobianVector",
      Applies.VECTOR,
      1,
      List.of(array("v"), array("jv")),
      "Jacobian of {@link $T#$L} with respect to $L times a vector, by forward mode.",
      false),
  /**
   * {@code double[] mJacobianVectors(P..., double[][] vs, double[][] jvs)}: the Jacobian times
   * each of {@code vs}, in one forward sweep whose tangents have one lane per direction.
   */
  JACOBIAN_VECTORS(
      "JacobianVectors",
      Applies.VECTOR,
      1,
      List.of(matrix("vs"), matrix("jvs")),
      "Jacobian of {@link $T#$L} with respect to $L times each of several vectors, in one sweep"
          + " of forward mode.",
      false),
  /** {@code double[] mVectorJacobian(P..., double[] u, double[] vj)}, by reverse mode. */
  VECTOR_JACOBIAN(
      "VectorJacobian",
      Applies.VECTOR,
      1,
      List.of(array("u"), array("vj")),
      "A vector times the Jacobian of {@link $T#$L} with respect to $L, by reverse mode.",
      false),
  /**
   * {@code double[] mVectorHessianVector(P..., double[] u, double[] v, double[] vj, double[] uhv)}:
   * {@code vj} = uᵀJ and {@code uhv} = Σᵢ uᵢ ∇²fᵢ · v, forward mode over the vector-Jacobian
   * product ({@code u} held constant); what callers' second derivatives call.
   */
  VECTOR_HESSIAN_VECTOR(
      "VectorHessianVector",
      Applies.VECTOR,
      2,
      List.of(array("u"), array("v"), array("vj"), array("uhv")),
      "A vector times the Hessians of the outputs of {@link $T#$L} with respect to $L, times"
          + " another vector, with the vector-Jacobian product, by forward mode over the"
          + " reverse-mode vector-Jacobian product.",
      false),
  /** {@code double[][] mJacobian(P...)}: assembled from Jacobian products. */
  JACOBIAN(
      "Jacobian",
      Applies.VECTOR,
      1,
      List.of(),
      "Jacobian of {@link $T#$L} with respect to $L, in a new array.",
      false),
  /**
   * {@code SparseJacobian mJacobianSparse(P...)}: the pattern for the arguments' shapes and data,
   * its colouring, and the values.
   */
  NEW_JACOBIAN_SPARSE(
      "JacobianSparse",
      Applies.VECTOR,
      1,
      List.of(),
      "Sparse Jacobian of {@link $T#$L} with respect to $L, in a new matrix: its pattern for the"
          + " shapes and data of the arguments, a colouring of its columns or rows, and its values.",
      false),
  /**
   * {@code double[] mJacobianSparse(P..., SparseJacobian j)}: {@code j}'s values refilled in
   * place from the products along its colours.
   */
  JACOBIAN_SPARSE(
      "JacobianSparse",
      Applies.VECTOR,
      1,
      List.of(runtime("j", "SparseJacobian")),
      "Sparse Jacobian of {@link $T#$L} with respect to $L, refilled in place.",
      false),
  /**
   * {@code int mSparsity(SparsityTracer t, P'...)}, {@code P'} being {@code m}'s parameters with
   * each differentiated {@code double}, {@code double[]} or {@code double[][]} replaced by {@code
   * int}, {@code int[]} or {@code int[][]} handles of index sets: the handle of the set of inputs
   * {@code m}'s value depends on ({@code int[]}, one per output, for a vector-valued {@code m}),
   * the pairs of inputs that meet in its second derivatives recorded in {@code t}. Traced over
   * shapes and data only, both sides of every branch on a value; what the sparse kinds find their
   * patterns with. The tracer comes first, so {@link #extras} (one parameter) counts it only.
   */
  SPARSITY(
      "Sparsity",
      Applies.ALL,
      1,
      List.of(new Extra("t", Type.OBJECT)),
      "Sparsity pattern of {@link $T#$L} with respect to $L, traced over index sets from the"
          + " shapes and data of its arguments alone.",
      false),
  /**
   * {@code void mHessianPattern(SparsityTracer t, P...)}: the pairs of inputs that meet in {@code
   * m}'s Hessian recorded in {@code t} by loops written at compile time from {@code m}'s
   * structure, O(nnz), reading only shapes and data. Made only where the structure allows it;
   * the sparse Hessian then takes its pattern from here rather than from {@link #SPARSITY}.
   */
  HESSIAN_PATTERN(
      "HessianPattern",
      Applies.SCALAR,
      2,
      List.of(new Extra("t", Type.OBJECT)),
      "Sparsity pattern of the Hessian of {@link $T#$L} with respect to $L, written at compile"
          + " time from the method's structure: loops that record each pair of inputs that meet.",
      false),
  /**
   * {@code double mHessianEdges(EdgePushing edges, P...)}: {@code m} run forward as written,
   * recording in {@code edges} each statement's first and second partials, for edge pushing's
   * reverse sweep to fill a sparse Hessian. Made only where every statement can be so recorded;
   * elsewhere the sparse Hessian has the colouring route only.
   */
  HESSIAN_EDGES(
      "HessianEdges",
      Applies.SCALAR,
      2,
      List.of(new Extra("edges", Type.OBJECT)),
      "Records each statement of a run of {@link $T#$L} with its first and second partials with"
          + " respect to $L, for the sparse Hessian's edge-pushing route.",
      false);

  /** Which differentiable methods get a kind: those returning a number, or a vector. */
  public enum Applies {
    SCALAR,
    VECTOR,
    /** Both: methods returning a number and methods returning a vector. */
    ALL
  }

  /**
   * A parameter a kind adds after the original method's, under a name it prefers: of an IR
   * {@code type}, or (type null) of a class of the runtime package, {@code javaName}.
   */
  public record Extra(String name, Type type, String javaName) {
    Extra(String name, Type type) {
      this(name, type, type.javaName());
    }
  }

  private final String suffix;
  private final Applies applies;
  private final int order;
  private final List<Extra> extras;
  private final String summary;
  private final boolean handOptimisable;

  Kind(
      String suffix,
      Applies applies,
      int order,
      List<Extra> extras,
      String summary,
      boolean handOptimisable) {
    this.suffix = suffix;
    this.applies = applies;
    this.order = order;
    this.extras = extras;
    this.summary = summary;
    this.handOptimisable = handOptimisable;
  }

  private static Extra array(String name) {
    return new Extra(name, Type.DOUBLE_ARRAY);
  }

  private static Extra matrix(String name) {
    return new Extra(name, Type.DOUBLE_MATRIX);
  }

  /** A parameter of a class of {@code dev.adjoint.runtime}, which no IR variable holds. */
  private static Extra runtime(String name, String simpleName) {
    return new Extra(name, null, simpleName);
  }

  /** The companion method's name for the original method {@code original}. */
  public String methodName(String original) {
    return original + suffix;
  }

  /** The name the generated method keeps beside a hand-optimised version ({@code @DerivativeOf}). */
  public String generatedName(String original) {
    return methodName(original) + "Generated";
  }

  /** The name of the method that compares a hand-optimised version with the generated one. */
  public String verifyName(String original) {
    String name = methodName(original);
    return "verify" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }

  /** Whether a method returning a vector (or a number), of this {@code order}, gets this kind. */
  public boolean appliesTo(boolean vectorValued, int methodOrder) {
    return (applies == Applies.ALL || applies == (vectorValued ? Applies.VECTOR : Applies.SCALAR))
        && methodOrder >= order;
  }

  /** The derivative order the kind needs: 2 for the kinds {@code order = 1} leaves out. */
  public int order() {
    return order;
  }

  /** The parameters the kind adds after the original method's. */
  public List<Extra> extras() {
    return extras;
  }

  /** Fresh generated parameters for {@link #extras}, in order. */
  public List<Variable> newExtraParameters() {
    List<Variable> out = new ArrayList<>();
    for (Extra e : extras) {
      if (e.type() == null) {
        throw new IllegalStateException(this + " is assembled from other kinds, not made as IR");
      }
      out.add(new Variable(e.name(), e.type(), Variable.Role.GENERATED_PARAMETER));
    }
    return out;
  }

  /**
   * The first sentence of the kind's Javadoc, a JavaPoet format taking the original's class, its
   * link signature and the list of differentiated parameters.
   */
  public String summary() {
    return summary;
  }

  /** Whether {@code @DerivativeOf(kind = ...)} may replace this kind with a user's version. */
  public boolean isHandOptimisable() {
    return handOptimisable;
  }

  /** The kind {@code @DerivativeOf}'s {@code kind} element names, or null if it names none. */
  public static Kind handOptimised(String annotationKind) {
    for (Kind k : values()) {
      if (k.handOptimisable && k.name().equals(annotationKind)) {
        return k;
      }
    }
    return null;
  }
}
