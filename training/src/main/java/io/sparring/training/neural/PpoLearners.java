package io.sparring.training.neural;

/** {@code ppo(...)}: clipped-ratio policy optimisation with a value head and an entropy bonus. */
public final class PpoLearners extends NeuralLearners {
  public PpoLearners() {
    super(NeuralLearner.Algorithm.PPO);
  }

  @Override
  public String description() {
    return "PPO (clipped ratio, value head, entropy bonus) on turn-level advantages, MLP on DJL/PyTorch";
  }
}
