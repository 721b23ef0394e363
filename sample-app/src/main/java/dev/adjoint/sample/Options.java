package dev.adjoint.sample;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The command line: which demos to run (all by default), their sizes and seed, and where the plots
 * go.
 */
record Options(
    Set<String> demos,
    long seed,
    int dimension,
    int observations,
    int draws,
    int chains,
    int grid,
    Optional<Path> plots) {
  static final List<String> DEMOS = List.of("rosenbrock", "poisson", "hmc", "grid");

  static final String USAGE =
      String.join(
          "\n",
          "usage: java -jar adjoint-sample-app.jar [demo ...] [options]",
          "  demos:  rosenbrock   minimise Rosenbrock's function (2 and n dimensions)",
          "          poisson      fit a Poisson regression by Newton's method",
          "          hmc          sample a Bayesian logistic regression by HMC",
          "          grid         fit a disease-mapping model on a grid (Laplace, sparse Hessian)",
          "          (all four when none is named)",
          "  --seed N          seed of the simulated data and the sampler (default 2026)",
          "  --dimension N     dimension of the large Rosenbrock problem, even (default 100)",
          "  --observations N  simulated observations for poisson and hmc (default 2000, 500)",
          "  --draws N         HMC draws of each chain after its warm-up (default 1000)",
          "  --chains N        HMC chains, run in parallel (default 4)",
          "  --grid N          side of the grid model's N x N grid (default 100; 1000 is 10^6",
          "                    unknowns: about 5 minutes of CPU and 1.5 GB of heap)",
          "  --plots DIR       where the plots go, PNG and SVG (default adjoint-sample-plots)",
          "  --no-plots        draw no plots (for machines where Java has no fonts)",
          "  -h, --help        this text");

  /** Thrown for a bad command line; its message says what is wrong. */
  static final class BadUsage extends Exception {
    private static final long serialVersionUID = 1L;

    BadUsage(String message) {
      super(message);
    }
  }

  static Options parse(String[] args) throws BadUsage {
    Set<String> demos = new LinkedHashSet<>();
    long seed = 2026;
    int dimension = 100;
    int observations = 0;
    int draws = 1000;
    int chains = 4;
    int grid = 100;
    Path plots = Path.of("adjoint-sample-plots");
    boolean plotsNamed = false;
    boolean noPlots = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--seed" -> seed = number(args, ++i, a, Long.MIN_VALUE);
        case "--dimension" -> {
          dimension = (int) number(args, ++i, a, 2);
          if (dimension % 2 != 0) {
            throw new BadUsage("--dimension must be even, not " + dimension);
          }
        }
        case "--observations" -> observations = (int) number(args, ++i, a, 10);
        case "--draws" -> draws = (int) number(args, ++i, a, 10);
        case "--chains" -> chains = (int) number(args, ++i, a, 1);
        case "--grid" -> grid = (int) number(args, ++i, a, 2);
        case "--plots" -> {
          if (++i >= args.length) {
            throw new BadUsage("--plots needs a directory");
          }
          plots = Path.of(args[i]);
          plotsNamed = true;
        }
        case "--no-plots" -> noPlots = true;
        default -> {
          if (!DEMOS.contains(a)) {
            throw new BadUsage("unknown demo or option: " + a);
          }
          demos.add(a);
        }
      }
    }
    if (demos.isEmpty()) {
      demos.addAll(DEMOS);
    }
    if (plotsNamed && noPlots) {
      throw new BadUsage("--plots and --no-plots together");
    }
    return new Options(
        demos, seed, dimension, observations, draws, chains, grid,
        noPlots ? Optional.empty() : Optional.of(plots));
  }

  private static long number(String[] args, int i, String option, long least) throws BadUsage {
    if (i >= args.length) {
      throw new BadUsage(option + " needs a number");
    }
    long value;
    try {
      value = Long.parseLong(args[i]);
    } catch (NumberFormatException e) {
      throw new BadUsage(option + " needs a number, not " + args[i]);
    }
    if (value < least || value > Integer.MAX_VALUE && least != Long.MIN_VALUE) {
      throw new BadUsage(option + " must be at least " + least + ", not " + args[i]);
    }
    return value;
  }
}
