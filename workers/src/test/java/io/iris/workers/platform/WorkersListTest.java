package io.iris.workers.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.iris.workflows.common.WorkflowCatalog;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;

/** Registration refuses a catalogued workflow without a worker: the yml lists one per queue. */
class WorkersListTest {

  @Test
  void givenThePlatformYml_whenRead_itShouldListAWorkerForEveryCataloguedTaskQueue() {
    YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
    yaml.setResources(new ClassPathResource("iris-platform.yml"));
    var properties = yaml.getObject();
    List<String> queues =
        java.util.stream.IntStream.range(0, 20)
            .mapToObj(i -> properties.getProperty("spring.temporal.workers[" + i + "].task-queue"))
            .filter(q -> q != null)
            .toList();

    assertThat(queues).containsAll(WorkflowCatalog.taskQueues()).contains("iris-operations");
  }
}
