package dev.adjoint.processor.ir;

/**
 * Pairs a {@link Stmt.Push} with its {@link Stmt.Pop}: the simplifier removes a push only together
 * with its pop, so the tape stays balanced. Compared by identity.
 */
public final class TapeEntry {}
