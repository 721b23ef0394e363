package modelcode.morse;

import dev.adjoint.Differentiable;

/** A chain of atoms bonded by Morse potentials; the bond's parameters are held in an object. */
public class MorseChain {
  private static final class Bond {
    private final double depth;
    private final double width;
    private final double equilibrium;

    Bond(double depth, double width, double equilibrium) {
      this.depth = depth;
      this.width = width;
      this.equilibrium = equilibrium;
    }

    double energy(double r) {
      double e = 1 - Math.exp(-width * (r - equilibrium));
      return depth * e * e;
    }
  }

  private final Bond bond;

  public MorseChain(double depth, double width, double equilibrium) {
    this.bond = new Bond(depth, width, equilibrium);
  }

  @Differentiable
  public double energy(double[] x) {
    double total = 0;
    for (int i = 0; i + 1 < x.length; i++) {
      total += bond.energy(Math.abs(x[i + 1] - x[i]));
    }
    return total;
  }
}
