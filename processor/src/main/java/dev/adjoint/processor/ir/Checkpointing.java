package dev.adjoint.processor.ir;

/**
 * A method's request to checkpoint one loop in its gradient ({@code @Checkpointed}): the loop, as
 * the source tree its {@link SourceNote#origin()} holds (opaque here), and how many snapshots of
 * its state the gradient may keep.
 */
public record Checkpointing(Object loop, int snapshots) {}
