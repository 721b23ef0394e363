package dev.adjoint.catalogue.base;

/**
 * A base class in another package than the models that extend it: its protected field is one the
 * models read but their companions (in the models' package) cannot name.
 */
public abstract class Shifted {
  /** Subtracted from every observation. */
  protected double offset;

  protected Shifted(double offset) {
    this.offset = offset;
  }
}
