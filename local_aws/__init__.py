"""A local AWS endpoint for ticketflow.bedrock: moto's server, extended where moto is silent.

Start it with ``python -m local_aws --port 4566`` (or ``make local-aws``), or in
Python with :class:`local_aws.server.LocalAWSServer`. See README.md beside this file.
"""
