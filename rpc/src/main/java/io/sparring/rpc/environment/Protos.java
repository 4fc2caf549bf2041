package io.sparring.rpc.environment;

import io.sparring.agents.match.ObservationMessages;
import io.sparring.core.game.EndStatus;
import io.sparring.core.game.Game;
import io.sparring.core.game.GameProvider;
import io.sparring.core.game.GameType;
import io.sparring.core.game.TextActions;
import io.sparring.proto.v1.ChanceMode;
import io.sparring.proto.v1.Dynamics;
import io.sparring.proto.v1.GameFacts;
import io.sparring.proto.v1.GameInfo;
import io.sparring.proto.v1.Information;
import io.sparring.proto.v1.Observation;
import io.sparring.proto.v1.ParameterInfo;
import io.sparring.proto.v1.ParameterType;
import io.sparring.proto.v1.Side;
import io.sparring.proto.v1.Tensor;
import io.sparring.proto.v1.TextActionForm;
import io.sparring.proto.v1.UnusableText;
import io.sparring.proto.v1.Utility;
import io.sparring.core.spec.Parameter;
import io.sparring.core.spec.SpecValue;

/** Game API values as {@code sparring.v1} messages. */
final class Protos {
  private Protos() {}

  static GameInfo gameInfo(GameProvider provider, Game defaults) {
    GameInfo.Builder info =
        GameInfo.newBuilder()
            .setName(provider.name())
            .setDescription(provider.description())
            .setDefaults(gameFacts(defaults));
    for (Parameter p : provider.parameters()) {
      info.addParameters(parameter(p));
    }
    return info.build();
  }

  static ParameterInfo parameter(Parameter p) {
    ParameterInfo.Builder info =
        ParameterInfo.newBuilder()
            .setName(p.name())
            .setType(
                switch (p.type()) {
                  case INTEGER -> ParameterType.PARAMETER_TYPE_INTEGER;
                  case REAL -> ParameterType.PARAMETER_TYPE_REAL;
                  case BOOLEAN -> ParameterType.PARAMETER_TYPE_BOOLEAN;
                  case WORD -> ParameterType.PARAMETER_TYPE_WORD;
                  case TEXT, PATH -> ParameterType.PARAMETER_TYPE_TEXT;
                  case SPEC -> ParameterType.PARAMETER_TYPE_SPEC;
                })
            .setDefaultValue(
                p.type() == Parameter.Type.TEXT || p.type() == Parameter.Type.PATH
                    ? new SpecValue.Text((String) p.defaultValue()).toString()
                    : String.valueOf(p.defaultValue()))
            .setDescription(p.description());
    if (p.type() == Parameter.Type.INTEGER) {
      info.setMin(p.min()).setMax(p.max());
    }
    return info.build();
  }

  static GameFacts gameFacts(Game game) {
    GameType type = game.type();
    return GameFacts.newBuilder()
        .setSpec(game.spec().toString())
        .setNumPlayers(game.numPlayers())
        .setDynamics(
            type.dynamics() == GameType.Dynamics.SEQUENTIAL
                ? Dynamics.DYNAMICS_SEQUENTIAL
                : Dynamics.DYNAMICS_SIMULTANEOUS)
        .setChanceMode(
            type.chanceMode() == GameType.ChanceMode.DETERMINISTIC
                ? ChanceMode.CHANCE_MODE_DETERMINISTIC
                : ChanceMode.CHANCE_MODE_EXPLICIT)
        .setInformation(
            type.information() == GameType.Information.PERFECT
                ? Information.INFORMATION_PERFECT
                : Information.INFORMATION_IMPERFECT)
        .setUtility(
            switch (type.utility()) {
              case ZERO_SUM -> Utility.UTILITY_ZERO_SUM;
              case CONSTANT_SUM -> Utility.UTILITY_CONSTANT_SUM;
              case GENERAL_SUM -> Utility.UTILITY_GENERAL_SUM;
              case IDENTICAL -> Utility.UTILITY_IDENTICAL;
            })
        .setNumDistinctActions(game.numDistinctActions())
        .setMaxGameLength(game.maxGameLength())
        .setMinUtility(game.minUtility())
        .setMaxUtility(game.maxUtility())
        .addAllObservationTensorShape(game.observationTensorShape())
        .setRules(game.rules())
        .setTextActions(textActions(game.facts().textActions()))
        .addAllSides(game.facts().sides().stream()
            .map(side -> Side.newBuilder().addAllSeats(side).build()).toList())
        .build();
  }

  /**
   * Sets what the seat sees and, with {@code olderFields}, repeats its text, names and tensor in
   * the fields that clients before {@code seat_observation} read (legal actions and mask are set
   * for every view).
   */
  static void setSeatObservation(Observation.Builder observation, Game game, io.sparring.core.game.Observation seen,
      boolean olderFields) {
    observation.setSeatObservation(ObservationMessages.message(game, seen));
    if (olderFields) {
      Tensor.Builder tensor = Tensor.newBuilder().addAllShape(game.observationTensorShape());
      for (float value : seen.tensor()) {
        tensor.addValues(value);
      }
      observation.setText(seen.text()).addAllLegalActionNames(seen.legalActionNames()).setTensor(tensor);
    }
  }

  static io.sparring.proto.v1.TextActions textActions(TextActions accepted) {
    io.sparring.proto.v1.TextActions.Builder text = io.sparring.proto.v1.TextActions.newBuilder()
        .setUnusable(accepted.unusable() == TextActions.Unusable.NO_OP
            ? UnusableText.UNUSABLE_TEXT_NO_OP : UnusableText.UNUSABLE_TEXT_REFUSE)
        .setNoOpReward(accepted.noOpReward());
    for (TextActions.Form form : accepted.forms()) {
      text.addForms(TextActionForm.newBuilder().setPattern(form.pattern())
          .setDescription(form.description()).setExample(form.example()));
    }
    return text.build();
  }

  static io.sparring.proto.v1.EndStatus endStatus(EndStatus status) {
    return switch (status) {
      case RUNNING -> io.sparring.proto.v1.EndStatus.END_STATUS_RUNNING;
      case TERMINATED -> io.sparring.proto.v1.EndStatus.END_STATUS_TERMINATED;
      case TRUNCATED -> io.sparring.proto.v1.EndStatus.END_STATUS_TRUNCATED;
    };
  }
}
