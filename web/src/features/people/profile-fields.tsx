/** The organisation-specific profile fields shared by the new-person dialog and the person form. */
import type { ReactNode } from 'react';
import { TextInput } from '@mantine/core';
import type { GetInputPropsReturnType } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { EntityPicker, type PickerOption } from '../../components/entity-picker';
import { searchDepartmentOptions } from '../departments/departments-api';

interface ProfileFieldsProps {
  inputProps: (field: 'jobTitle' | 'phone') => GetInputPropsReturnType;
  departmentId: string | null;
  department: PickerOption | null;
  onDepartmentChange: (option: PickerOption | null) => void;
  departmentError?: ReactNode;
}

export function ProfileFields(props: ProfileFieldsProps) {
  const { t } = useTranslation();
  return (
    <>
      <TextInput label={t('people.jobTitle')} {...props.inputProps('jobTitle')} />
      <TextInput label={t('people.phone')} type="tel" {...props.inputProps('phone')} />
      <EntityPicker
        label={t('people.department')}
        kind="departments"
        search={searchDepartmentOptions}
        value={props.departmentId}
        selected={props.department}
        onChange={props.onDepartmentChange}
        clearable
       
        error={props.departmentError}
      />
    </>
  );
}
