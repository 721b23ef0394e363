package dev.adjoint.processor.diff;

import dev.adjoint.processor.diag.Message;
import dev.adjoint.processor.ir.SourceNote;

/**
 * A construct the fence let through that turns out not to be differentiable once activity is
 * known (a derivative flowing into a parameter the callee does not differentiate). It is reported
 * on the method as the message it carries.
 */
public final class NotDifferentiable extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Message message;
  private final transient Object[] args;
  private final transient SourceNote note;

  public NotDifferentiable(SourceNote note, Message message, Object... args) {
    super(message.format(args), null, false, false);
    this.message = message;
    this.args = args.clone();
    this.note = note;
  }

  /** The statement it concerns, or null. */
  public SourceNote note() {
    return note;
  }

  public Message message() {
    return message;
  }

  public Object[] args() {
    return args.clone();
  }
}
