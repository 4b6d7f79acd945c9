#!/usr/bin/env bash
# Generates the platform's credentials once, as AEVLP's local mode does (credentials.json): a PostgreSQL password, a
# RabbitMQ password, a blob account key and the API key of the registry and the tracker. Prints them as what each
# deployment reads:
#   infra/k8s/credentials.sh k8s   > credentials.yaml   # the Secret aevlp-credentials (kubectl apply -f credentials.yaml)
#   infra/k8s/credentials.sh env   > infra/compose/.env  # the Compose file's variables
# Keep the output private; running it again makes new credentials (the databases keep the old password).
set -euo pipefail
format=${1:-k8s}
random() { head -c "$1" /dev/urandom | base64 | tr -d '\n/+=' | head -c "$2"; }
postgres=$(random 48 32)
rabbitmq=$(random 48 32)
blob_key=$(head -c 64 /dev/urandom | base64 | tr -d '\n')
api_key=$(random 48 43)
blobs="DefaultEndpointsProtocol=http;AccountName=aevlp;AccountKey=$blob_key;BlobEndpoint=http://azurite:10000/aevlp;"
db() { echo "Host=postgresql;Port=5432;Username=postgres;Password=$postgres;Database=$1"; }
case "$format" in
k8s)
    cat <<YAML
apiVersion: v1
kind: Secret
metadata:
  name: aevlp-credentials
  labels: {app.kubernetes.io/part-of: aevlp}
type: Opaque
stringData:
  postgres-password: "$postgres"
  rabbitmq-password: "$rabbitmq"
  azurite-accounts: "aevlp:$blob_key"
  api-key: "$api_key"
  registrydb: "$(db registrydb)"
  trackingdb: "$(db trackingdb)"
  messaging: "amqp://aevlp:$rabbitmq@rabbitmq:5672"
  rabbitmq-management: "http://aevlp:$rabbitmq@rabbitmq:15672/"
  blobs: "$blobs"
YAML
    ;;
env)
    cat <<ENV
POSTGRES_PASSWORD=$postgres
RABBITMQ_PASSWORD=$rabbitmq
AZURITE_ACCOUNTS=aevlp:$blob_key
AEVLP_API_KEY=$api_key
AEVLP_BLOBS=$blobs
ENV
    ;;
*) echo "usage: $0 k8s|env" >&2; exit 2 ;;
esac
