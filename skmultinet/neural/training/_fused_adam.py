"""Adam in one TensorFlow op per variable, for the training step of small networks."""

from ..._backend import import_keras


class FusedAdam:
    """Adam through TensorFlow's fused kernel: one op per variable.

    Keras's Adam spends about twenty graph ops per variable and step, which
    dominates the step time of small networks; ``ResourceApplyAdam`` computes
    the same update (``lr * sqrt(1 - beta_2^t) / (1 - beta_1^t) * m / (sqrt(v)
    + epsilon)``) in one. Used only for a plain ``keras.optimizers.Adam``
    (no weight decay, clipping, EMA, AMSGrad, accumulation or schedule).

    Parameters
    ----------
    optimizer : keras.optimizers.Adam
        The optimizer whose configuration this one follows (see :meth:`handles`).
    variables : list of keras.Variable
        Unused: the slots are made by :meth:`build`, as for a Keras optimizer.

    References
    ----------
    D. P. Kingma and J. Ba, "Adam: A Method for Stochastic Optimization",
    ICLR 2015.
    """

    _PLAIN = {
        "weight_decay": None, "clipnorm": None, "clipvalue": None, "global_clipnorm": None,
        "use_ema": False, "amsgrad": False, "gradient_accumulation_steps": None,
        "loss_scale_factor": None,
    }

    @classmethod
    def handles(cls, optimizer):
        """Whether ``optimizer`` is a plain Keras Adam that this class reproduces."""
        _, keras = import_keras()
        if type(optimizer) is not keras.optimizers.Adam:
            return False
        config = optimizer.get_config()
        return all(config.get(k) == v for k, v in cls._PLAIN.items()) and isinstance(
            config.get("learning_rate"), float
        )

    def __init__(self, optimizer, variables):
        config = optimizer.get_config()
        self.learning_rate = config["learning_rate"]
        self.beta_1 = config["beta_1"]
        self.beta_2 = config["beta_2"]
        self.epsilon = config["epsilon"]
        self.variables = []

    def build(self, variables):
        """Create the step count, the learning rate and one pair of moment slots per variable."""
        tf, _ = import_keras()
        # A variable, not a constant of the graph, so that a schedule can
        # change it between epochs without tracing again. Not part of the
        # saved state: every fit sets it (see Trainer.set_learning_rate).
        self.learning_rate_variable = tf.Variable(
            self.learning_rate, trainable=False, dtype=tf.float32, name="learning_rate")
        self.iterations = tf.Variable(0.0, trainable=False, name="iterations")
        self.momentums = [tf.Variable(tf.zeros_like(v), trainable=False) for v in variables]
        self.velocities = [tf.Variable(tf.zeros_like(v), trainable=False) for v in variables]
        self.variables = [self.iterations, *self.momentums, *self.velocities]

    def apply_gradients(self, grads_and_vars):
        """One Adam step on each variable."""
        tf, _ = import_keras()
        self.iterations.assign_add(1.0)
        beta_1_power = tf.pow(self.beta_1, self.iterations)
        beta_2_power = tf.pow(self.beta_2, self.iterations)
        learning_rate = self.learning_rate_variable.read_value()  # once per step
        for (gradient, variable), momentum, velocity in zip(
            grads_and_vars, self.momentums, self.velocities
        ):
            tf.raw_ops.ResourceApplyAdam(
                var=variable.value.handle, m=momentum.handle, v=velocity.handle,
                beta1_power=beta_1_power, beta2_power=beta_2_power,
                lr=learning_rate, beta1=self.beta_1, beta2=self.beta_2,
                epsilon=self.epsilon, grad=tf.convert_to_tensor(gradient),
            )
