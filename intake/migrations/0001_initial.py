import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """Takes over plans' ImportJob with its table as it is (see plans 0003): the state is
    created here, the database is left alone."""

    initial = True

    dependencies = [
        ('plans', '0004_importjob_moves_to_intake'),
        ('units', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ImportJob',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('path', models.CharField(max_length=255, verbose_name='文件')),
                        ('filename', models.CharField(max_length=255, verbose_name='文件名')),
                        ('year', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='年度')),
                        ('rows', models.PositiveIntegerField(default=0, verbose_name='行数')),
                        ('status', models.CharField(choices=[('queued', '排队中'), ('running', '导入中'), ('done', '已完成'), ('failed', '失败')], default='queued', max_length=16, verbose_name='状态')),
                        ('progress', models.PositiveSmallIntegerField(default=0, verbose_name='进度（%）')),
                        ('message', models.TextField(blank=True, verbose_name='结果')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='提交时间')),
                        ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='完成时间')),
                        ('bureau', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='import_jobs', to='units.bureau', verbose_name='单位')),
                        ('plans', models.ManyToManyField(blank=True, to='plans.plan', verbose_name='导入的计划')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='import_jobs', to=settings.AUTH_USER_MODEL, verbose_name='导入人')),
                    ],
                    options={
                        'verbose_name': '导入任务',
                        'verbose_name_plural': '导入任务',
                        'ordering': ['-created_at'],
                        'db_table': 'plans_importjob',
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
