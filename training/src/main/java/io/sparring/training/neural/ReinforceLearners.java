package io.sparring.training.neural;

/** {@code reinforce(...)}: plain policy gradient on the advantages, with an entropy bonus. */
public final class ReinforceLearners extends NeuralLearners {
  public ReinforceLearners() {
    super(NeuralLearner.Algorithm.REINFORCE);
  }

  @Override
  public String description() {
    return "REINFORCE policy gradient on turn-level advantages, MLP policy on DJL/PyTorch";
  }
}
