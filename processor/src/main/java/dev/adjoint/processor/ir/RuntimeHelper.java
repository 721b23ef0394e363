package dev.adjoint.processor.ir;

import java.util.List;

/**
 * The methods generated code calls besides the user's and {@code Math}'s: Adjoint's runtime and a
 * few of the JDK's. Each is created by the stage that needs it and recognised by later stages by its
 * constant, never by its name.
 */
public enum RuntimeHelper {
  /** {@code Vectors.addScaled(target, from, scale, partials, at, length)}: writes target. */
  ADD_SCALED(Owners.VECTORS, "addScaled"),
  /** {@code Vectors.atLeast(buffer, length)}: the buffer, or a longer one. */
  AT_LEAST(Owners.VECTORS, "atLeast"),
  /** {@code Vectors.emptyBuffer()}: where an array made in each iteration of a loop starts. */
  EMPTY_BUFFER(Owners.VECTORS, "emptyBuffer"),
  /** {@code Shapes.emptyBuffer()}: where a matrix made in each iteration of a loop starts. */
  EMPTY_MATRIX_BUFFER(Owners.SHAPES, "emptyBuffer"),
  /** {@code Vectors.grown(buffer, n)}: an array made in an iteration, in a buffer that keeps its elements. */
  GROWN(Owners.VECTORS, "grown"),
  /** {@code Shapes.grown(buffer, rows, columns)}: the same for a matrix. */
  GROWN_MATRIX(Owners.SHAPES, "grown"),
  /**
   * {@code Vectors.prefix(buffer, n)}: an array made in an iteration, passed whole to a call, as
   * long as the iteration made it (see {@link dev.adjoint.processor.ir.Exprs#passedArray}).
   */
  PREFIX(Owners.VECTORS, "prefix"),
  /** {@code Workspace.buffer()}: {@link #EMPTY_BUFFER}, reused. */
  WORKSPACE_BUFFER(Owners.WORKSPACE, "buffer"),
  /** {@code Workspace.matrixBuffer()}: {@link #EMPTY_MATRIX_BUFFER}, reused. */
  WORKSPACE_MATRIX_BUFFER(Owners.WORKSPACE, "matrixBuffer"),
  /** {@code Workspace.grown(buffer, n)} or {@code (buffer, rows, columns)}: {@link #GROWN}, reused. */
  WORKSPACE_GROWN(Owners.WORKSPACE, "grown"),
  /** {@code Vectors.dot(partials, at, tangents, from, length)}. */
  DOT(Owners.VECTORS, "dot"),
  /**
   * {@code Chain.times(factor, partial)}: the product, and 0 where factor is 0 even if partial is
   * infinite or NaN. Made where a rule's partial may be unbounded ({@code Rule#unbounded}).
   */
  TIMES(Owners.CHAIN, "times"),
  /** {@code Shapes.flatten(matrix, target, from)}: copies a matrix's rows into target. */
  FLATTEN(Owners.SHAPES, "flatten"),
  /** {@code Shapes.unflatten(vector, from, shape)}: a new matrix of shape's shape. */
  UNFLATTEN(Owners.SHAPES, "unflatten"),
  /** {@code Shapes.zerosLike(matrix)}: a new zero matrix of the same shape. */
  ZEROS_LIKE(Owners.SHAPES, "zerosLike"),
  /** {@code Shapes.size(matrix)}: its element count. */
  SIZE(Owners.SHAPES, "size"),
  /** {@code Tape.get()}: the thread's tape. */
  TAPE(Owners.TAPE, "get"),
  /** {@code Checks.requireLength(array, length, name)}. */
  REQUIRE_LENGTH(Owners.CHECKS, "requireLength"),
  /**
   * {@code Checks.index(index, length)}: throws as reading that element throws. Stands for an
   * element read whose value is unused (see {@code simplify.ElementChecks}).
   */
  CHECK_INDEX(Owners.CHECKS, "index"),
  /**
   * {@code Checks.inBounds(index, length)}: the index, or the {@code
   * ArrayIndexOutOfBoundsException} Java throws there. Indexes an array made in a loop, whose
   * buffer may be longer than the iteration's array.
   */
  IN_BOUNDS(Owners.CHECKS, "inBounds"),
  /** {@code Workspace.mark()}. */
  WORKSPACE_MARK(Owners.WORKSPACE, "mark"),
  /** {@code Workspace.release(mark)}. */
  WORKSPACE_RELEASE(Owners.WORKSPACE, "release"),
  /** {@code Workspace.doubles(length)} or {@code (rows, columns)}: zeroed, from the workspace. */
  WORKSPACE_DOUBLES(Owners.WORKSPACE, "doubles"),
  /** {@code Workspace.zerosLike(matrix)}. */
  WORKSPACE_ZEROS_LIKE(Owners.WORKSPACE, "zerosLike"),
  /** {@code Workspace.unflatten(vector, from, shape)}. */
  WORKSPACE_UNFLATTEN(Owners.WORKSPACE, "unflatten"),
  /** {@code System.arraycopy(from, fromIndex, to, toIndex, length)}: writes to. */
  ARRAYCOPY(Owners.SYSTEM, "arraycopy"),
  /** {@code Arrays.copyOf(array, length)}. */
  COPY_OF(Owners.ARRAYS, "copyOf"),
  /** {@code Math.max} of two ints, in loop bounds. */
  INT_MAX(ClassRef.MATH, "max"),
  /** {@code Math.floorDiv} of two ints, in loop bounds. */
  FLOOR_DIV(ClassRef.MATH, "floorDiv"),
  /** {@code Workspace.checkpoints(steps, snapshots, width)}: a checkpointed loop's schedule. */
  WORKSPACE_CHECKPOINTS(Owners.WORKSPACE, "checkpoints"),
  /** {@code checkpoints.next()}: the schedule's next action. Called on its first argument. */
  CHECKPOINTS_NEXT(Owners.CHECKPOINTS, "next"),
  /** {@code checkpoints.from()}: the first step of an advance, or a turn's step. */
  CHECKPOINTS_FROM(Owners.CHECKPOINTS, "from"),
  /** {@code checkpoints.to()}: the step after an advance's last. */
  CHECKPOINTS_TO(Owners.CHECKPOINTS, "to"),
  /** {@code checkpoints.save(offset, value)}: a scalar or a whole array into the snapshot. */
  CHECKPOINTS_SAVE(Owners.CHECKPOINTS, "save"),
  /** {@code checkpoints.restore(offset)}: a scalar from the snapshot. */
  CHECKPOINTS_RESTORE(Owners.CHECKPOINTS, "restore"),
  /** {@code checkpoints.restore(offset, array)}: writes array back from the snapshot. */
  CHECKPOINTS_RESTORE_ARRAY(Owners.CHECKPOINTS, "restore"),
  /** {@code Lanes.gather(vs, lanes)}: the directions into lanes. */
  LANES_GATHER(Owners.LANES, "gather"),
  /** {@code Lanes.scatter(lanes, k, hvs)}: the products out of lanes. */
  LANES_SCATTER(Owners.LANES, "scatter"),
  /**
   * {@code Lanes.scatter(lanes, n, k, rows, "rows")}: lane l of the first n elements into row l,
   * each row's length checked; a Jacobian-vector product's products out of lanes.
   */
  LANES_SCATTER_ROWS(Owners.LANES, "scatter"),
  /** {@code Lanes.zero(rows, k, n, "rows")}: the first n elements of k rows zeroed, lengths checked. */
  LANES_ZERO_ROWS(Owners.LANES, "zero"),
  /** {@code Lanes.toRows(lanes, rows)}: a callee's directions, one row per lane. */
  LANES_TO_ROWS(Owners.LANES, "toRows"),
  /** {@code Lanes.fromRows(rows, lanes)}: a callee's products back into lanes. */
  LANES_FROM_ROWS(Owners.LANES, "fromRows"),
  /** {@code Lanes.dot(a, aFrom, b, bFrom, n, k, l)}: lane l of {@link #DOT}, b in lanes. */
  LANES_DOT(Owners.LANES, "dot"),
  /** {@code Lanes.addScaled(target, from, scale, partials, at, n, k, l)}: lane l of {@link #ADD_SCALED}. */
  LANES_ADD_SCALED(Owners.LANES, "addScaled"),
  /** {@code Lanes.addScaledLanes(...)}: lane l of {@link #ADD_SCALED}, the partials in lanes too. */
  LANES_ADD_SCALED_LANES(Owners.LANES, "addScaledLanes"),
  /** {@code Lanes.push(tape, values, from, k)}: the lanes of one element on the tape. */
  LANES_PUSH(Owners.LANES, "push"),
  /** {@code Lanes.pop(tape, values, from, k)}: the lanes of one element back from the tape. */
  LANES_POP(Owners.LANES, "pop"),
  /** {@code Lanes.zerosLike(shape, k)}: a matrix's tangents in lanes, zeroed, from the workspace. */
  LANES_ZEROS_LIKE(Owners.LANES, "zerosLike"),
  /** {@code Lanes.unflatten(flat, offset, shape, k)}: a matrix's tangents in lanes from a flat array's. */
  LANES_UNFLATTEN(Owners.LANES, "unflatten"),
  /** {@code Lanes.flatten(m, flat, offset, k)}: a matrix's tangents in lanes into a flat array's. */
  LANES_FLATTEN(Owners.LANES, "flatten"),
  /** {@code Lanes.emptyRows(k)}: a callee's k empty rows, for lanes in the buffer of an array made in a loop. */
  LANES_EMPTY_ROWS(Owners.LANES, "emptyRows"),
  /** {@code Lanes.rowsBuffer(k)}: {@link #LANES_EMPTY_ROWS}, reused at the length they grew to. */
  LANES_ROWS_BUFFER(Owners.LANES, "rowsBuffer"),
  /** {@code Lanes.rowsAtLeast(rows, n)}: a callee's rows, for lanes in a buffer of n elements. */
  LANES_ROWS_AT_LEAST(Owners.LANES, "rowsAtLeast"),
  /** {@code Lanes.at(index, lanes, k)}: {@code index * k}, checked as the element's own index. */
  LANES_AT(Owners.LANES, "at");

  private final ClassRef owner;
  private final String javaName;

  RuntimeHelper(ClassRef owner, String javaName) {
    this.owner = owner;
    this.javaName = javaName;
  }

  public ClassRef owner() {
    return owner;
  }

  public String javaName() {
    return javaName;
  }

  /** The call of this helper. */
  public Expr.Call call(Type type, Expr... args) {
    return new Expr.Call(new CallTarget.Helper(this), List.of(args), type);
  }

  /** The workspace's version of an allocating shape helper, or null if there is none. */
  public RuntimeHelper pooled() {
    return switch (this) {
      case ZEROS_LIKE -> WORKSPACE_ZEROS_LIKE;
      case UNFLATTEN -> WORKSPACE_UNFLATTEN;
      case EMPTY_BUFFER -> WORKSPACE_BUFFER;
      case EMPTY_MATRIX_BUFFER -> WORKSPACE_MATRIX_BUFFER;
      case LANES_EMPTY_ROWS -> LANES_ROWS_BUFFER;
      // Grown keeps the elements atLeast may drop: no caller reads them before writing them.
      case GROWN, GROWN_MATRIX, AT_LEAST -> WORKSPACE_GROWN;
      default -> null;
    };
  }

  /** Whether the helper gives the buffer of an array made in each iteration of a loop, its first argument grown. */
  public boolean growsBuffer() {
    return this == GROWN || this == GROWN_MATRIX || this == WORKSPACE_GROWN;
  }

  /** The argument a helper called as a statement writes into, or -1 if it writes none. */
  public int writtenArgument() {
    return switch (this) {
      case ADD_SCALED -> 0;
      case ARRAYCOPY -> 2;
      case FLATTEN -> 1;
      case CHECKPOINTS_RESTORE_ARRAY -> 2;
      case LANES_GATHER, LANES_TO_ROWS, LANES_FROM_ROWS, LANES_POP -> 1;
      case LANES_SCATTER -> 2;
      case LANES_SCATTER_ROWS -> 3;
      case LANES_ZERO_ROWS -> 0;
      case LANES_FLATTEN -> 1;
      case LANES_ADD_SCALED, LANES_ADD_SCALED_LANES -> 0;
      default -> -1;
    };
  }

  /** Whether the helper is an instance method of its first argument: {@code a.name(rest)}. */
  public boolean isCalledOnFirstArgument() {
    return owner == Owners.CHECKPOINTS;
  }

  /** {@code Revolve}, whose constants name a checkpointing schedule's actions. */
  public static final ClassRef REVOLVE = Owners.runtime("Revolve");

  /**
   * The runtime's {@code Checks}, whose {@code raise(exception)} throws what a {@code throw} of the
   * original throws, as a call made as a statement (see {@code MethodReader}).
   */
  public static final ClassRef CHECKS = Owners.CHECKS;

  /** The classes the helpers belong to. */
  private static final class Owners {
    static final ClassRef VECTORS = runtime("Vectors");
    static final ClassRef SHAPES = runtime("Shapes");
    static final ClassRef TAPE = runtime("Tape");
    static final ClassRef CHAIN = runtime("Chain");
    static final ClassRef CHECKS = runtime("Checks");
    static final ClassRef WORKSPACE = runtime("Workspace");
    static final ClassRef CHECKPOINTS = runtime("Checkpoints");
    static final ClassRef LANES = runtime("Lanes");
    static final ClassRef SYSTEM = new ClassRef("java.lang", List.of("System"));
    static final ClassRef ARRAYS = new ClassRef("java.util", List.of("Arrays"));

    private static ClassRef runtime(String name) {
      return new ClassRef("dev.adjoint.runtime", List.of(name));
    }
  }
}
