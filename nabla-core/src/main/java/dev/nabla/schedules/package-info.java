/**
 * Learning-rate schedules: the rate for each epoch, as PyTorch's {@code torch.optim.lr_scheduler}
 * computes it.
 *
 * <p>The trainer asks a schedule for the rate before every epoch and tells it the monitored loss
 * after every epoch, which only {@link dev.nabla.schedules.ReduceOnPlateau} uses.
 */
package dev.nabla.schedules;
