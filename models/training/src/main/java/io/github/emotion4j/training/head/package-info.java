/** Training classifier heads on embeddings or features you computed: {@link io.github.emotion4j.training.head.HeadTrainer} (MLP ensembles), {@link io.github.emotion4j.training.head.LinearProbe} (multinomial logistic regression), {@link io.github.emotion4j.training.head.HeadFolder} (writes a loadable model folder with its card). */
package io.github.emotion4j.training.head;
